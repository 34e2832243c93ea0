package io.spanwise.core.install;

import static io.spanwise.core.install.ClassHeaderTest.bytesOf;
import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.instrumentation.spi.TypeInstrumentation;
import java.io.IOException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import org.junit.jupiter.api.Test;

class TypePrefilterTest {
  private static final ClassLoader LOADER = TypePrefilterTest.class.getClassLoader();

  /** Implements Statement through an abstract superclass: two levels up. */
  abstract static class BaseStatement implements Statement {}

  abstract static class DriverStatement extends BaseStatement {}

  interface StatementExtension extends Statement {}

  abstract static class Unrelated implements Runnable {}

  private final TypePrefilter statements = new TypePrefilter(List.of(
      TypeInstrumentation.subTypesOf(any(), "java.sql.Statement")));

  @Test
  void passesClassesThatReachTheNamedTypesThroughTheirSupertypes() throws IOException {
    assertThat(candidate(statements, LOADER, DriverStatement.class)).isTrue();
    assertThat(candidate(statements, LOADER, BaseStatement.class)).isTrue();
  }

  @Test
  void rejectsOtherClassesAndInterfaces() throws IOException {
    assertThat(candidate(statements, LOADER, Unrelated.class)).isFalse();
    assertThat(candidate(statements, LOADER, String.class)).isFalse();
    assertThat(candidate(statements, LOADER, StatementExtension.class)).isFalse();
  }

  @Test
  void aClassBeingRetransformedIsLookedAtThroughItsClass() {
    assertThat(statements.isCandidate(LOADER, internalName(DriverStatement.class), DriverStatement.class, null)).isTrue();
    assertThat(statements.isCandidate(LOADER, internalName(Unrelated.class), Unrelated.class, null)).isFalse();
  }

  @Test
  void aLoaderTheInstrumentationDoesNotLookAtRejects() throws IOException {
    ElementMatcher<ClassLoader> never = loader -> false;
    TypePrefilter elsewhere = new TypePrefilter(List.of(TypeInstrumentation.subTypesOf(never, "java.sql.Statement")));
    assertThat(candidate(elsewhere, LOADER, DriverStatement.class)).isFalse();
  }

  @Test
  void anOpaqueTypeMatcherPassesEverythingAndBrokenBytesPass() throws IOException {
    TypePrefilter opaque = new TypePrefilter(List.of(TypeInstrumentation.of(named("x.Y"))));
    assertThat(candidate(opaque, LOADER, Unrelated.class)).isTrue();
    assertThat(statements.isCandidate(LOADER, "x/Broken", null, new byte[] {1, 2, 3})).isTrue();
  }

  /** {@code named} and {@code ofJdkTypes}: exactly the classes of those names pass, by name alone. */
  @Test
  void aNamedInstrumentationPassesOnlyItsNames() throws IOException {
    TypePrefilter named = new TypePrefilter(List.of(
        TypeInstrumentation.named(any(), Unrelated.class.getName(), "x.Missing"),
        TypeInstrumentation.ofJdkTypesNamedStartingWith("java.lang.Str")));
    assertThat(candidate(named, LOADER, Unrelated.class)).isTrue();
    assertThat(candidate(named, LOADER, DriverStatement.class)).isFalse();
    assertThat(candidate(named, null, String.class)).isTrue();
    assertThat(candidate(named, null, Integer.class)).isFalse();
    assertThat(named.isCandidate(LOADER, null, null, new byte[] {1, 2, 3})).isFalse();
  }

  /**
   * Every class passes through the prefilter: the loader matcher of an instrumentation by type matcher is
   * asked once per loader, not for each class.
   */
  @Test
  void aLoaderMatcherIsAskedOncePerLoader() throws IOException {
    AtomicInteger asked = new AtomicInteger();
    TypePrefilter counting = new TypePrefilter(List.of(TypeInstrumentation.of(loader -> {
      asked.incrementAndGet();
      return loader == LOADER;
    }, named("x.Y"))));
    ClassLoader other = new ClassLoader(LOADER) {};
    for (int i = 0; i < 3; i++) {
      assertThat(candidate(counting, LOADER, DriverStatement.class)).isTrue();
      assertThat(candidate(counting, other, Unrelated.class)).isFalse();
      assertThat(candidate(counting, null, String.class)).isFalse();
    }
    assertThat(asked).hasValue(3);
  }

  /**
   * A subtype instrumentation's loader matcher is asked only for a class that reaches one of its names:
   * all of them share one walk of the class's supertypes, and a new loader costs no look-ups.
   */
  @Test
  void aSubTypeInstrumentationAsksItsLoaderMatcherOnlyForClassesThatReachItsNames() throws IOException {
    AtomicInteger statementsAsked = new AtomicInteger();
    AtomicInteger executorsAsked = new AtomicInteger();
    TypePrefilter two = new TypePrefilter(List.of(
        TypeInstrumentation.subTypesOf(loader -> {
          statementsAsked.incrementAndGet();
          return loader != null;
        }, "java.sql.Statement"),
        TypeInstrumentation.subTypesOf(loader -> {
          executorsAsked.incrementAndGet();
          return false;
        }, "java.util.concurrent.Executor")));
    ClassLoader other = new ClassLoader(LOADER) {};
    assertThat(candidate(two, other, Unrelated.class)).isFalse();
    assertThat(candidate(two, LOADER, BaseStatement.class)).isTrue();
    assertThat(statementsAsked).hasValue(1);
    assertThat(executorsAsked).hasValue(0);
    assertThat(candidate(two, LOADER, DirectExecutor.class)).as("its loader matcher says no").isFalse();
    assertThat(executorsAsked).hasValue(1);
  }

  abstract static class DirectExecutor implements java.util.concurrent.Executor {}

  /** More names than one walk tracks: they are split over several walks, and each still answers. */
  @Test
  void manySubTypeInstrumentationsAreSplitOverWalks() throws IOException {
    List<TypeInstrumentation> many = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      many.add(TypeInstrumentation.subTypesOf(any(), "x.Missing" + i));
    }
    many.add(TypeInstrumentation.subTypesOf(any(), "java.sql.Statement"));
    TypePrefilter prefilter = new TypePrefilter(many);
    assertThat(candidate(prefilter, LOADER, DriverStatement.class)).isTrue();
    assertThat(candidate(prefilter, LOADER, Unrelated.class)).isFalse();
  }

  /**
   * A named instrumentation's loader matcher is asked only for a class of one of its names: for a new
   * loader of many jars each question is a slow resource look-up, and most loaders never load those names.
   */
  @Test
  void aNamedInstrumentationAsksItsLoaderMatcherOnlyForItsNames() throws IOException {
    AtomicInteger asked = new AtomicInteger();
    TypePrefilter named = new TypePrefilter(List.of(TypeInstrumentation.named(loader -> {
      asked.incrementAndGet();
      return true;
    }, Unrelated.class.getName())));
    ClassLoader other = new ClassLoader(LOADER) {};
    assertThat(candidate(named, other, DriverStatement.class)).isFalse();
    assertThat(candidate(named, LOADER, BaseStatement.class)).isFalse();
    assertThat(asked).hasValue(0);
    assertThat(candidate(named, other, Unrelated.class)).isTrue();
    assertThat(asked).hasValue(1);
  }

  /**
   * A module makes new instrumentations each time it is asked: the transformer's matcher for one made
   * again answers from the prefilter's walk (reading the supertypes' class file headers), not from Byte
   * Buddy's {@code hasSuperType}, which would resolve the loaded class's hierarchy without reading any.
   */
  @Test
  void theMatcherOfAnInstrumentationMadeAgainAnswersFromTheSameWalk() {
    RecordingClassFiles files = new RecordingClassFiles(name -> true);
    TypePrefilter prefilter = new TypePrefilter(
        List.of(TypeInstrumentation.subTypesOf(any(), "java.sql.Statement")), LoadedClasses.lookingUp(), files);
    ModuleTransformer.Match match = prefilter.subTypeMatcher(TypeInstrumentation.subTypesOf(any(), "java.sql.Statement"));

    assertThat(match.matches(TypeDescription.ForLoadedType.of(DriverStatement.class), new RecordingLoader(), null))
        .isTrue();
    assertThat(files.reads).contains(BaseStatement.class.getName());
    assertThat(match.matches(TypeDescription.ForLoadedType.of(Unrelated.class), new RecordingLoader(), null)).isFalse();
    assertThat(match.matches(TypeDescription.ForLoadedType.of(StatementExtension.class), new RecordingLoader(), null))
        .as("an interface").isFalse();
  }

  /** A loader Byte Buddy ignores (the JDK's reflection accessors' loaders): rejected before any question. */
  @Test
  void anIgnoredLoaderRejectsWithoutAskingAnything() throws IOException {
    AtomicInteger asked = new AtomicInteger();
    ClassLoader accessors = new ClassLoader(LOADER) {};
    TypePrefilter prefilter = new TypePrefilter(List.of(TypeInstrumentation.subTypesOf(loader -> {
      asked.incrementAndGet();
      return true;
    }, "java.sql.Statement")), loader -> loader == accessors, LoadedClasses.lookingUp());
    assertThat(candidate(prefilter, accessors, DriverStatement.class)).isFalse();
    assertThat(asked).hasValue(0);
    assertThat(candidate(prefilter, LOADER, DriverStatement.class)).isTrue();
  }

  private static boolean candidate(TypePrefilter prefilter, ClassLoader loader, Class<?> type) throws IOException {
    return prefilter.isCandidate(loader, internalName(type), null, bytesOf(type));
  }

  private static String internalName(Class<?> type) {
    return type.getName().replace('.', '/');
  }

  /** {@code mentioning}: only class files that name one of the types (an annotation, say) pass. */
  @Test
  void aClassThatMentionsNoneOfTheNamedTypesRejects() throws IOException {
    TypePrefilter annotated = new TypePrefilter(List.of(
        TypeInstrumentation.of(named("x.Y")).mentioning("java.lang.Deprecated", "x.Missing")));
    assertThat(candidate(annotated, LOADER, Marked.class)).isTrue();
    assertThat(candidate(annotated, LOADER, Unrelated.class)).isFalse();
    assertThat(annotated.isCandidate(LOADER, internalName(Unrelated.class), Unrelated.class, bytesOf(Unrelated.class))).isFalse();
  }

  abstract static class Marked {
    @Deprecated
    abstract void old();
  }

  /** A supertype that cannot be loaded: the class could not be defined either, nothing to instrument. */
  @Test
  void aMissingSupertypeRejects() throws IOException {
    byte[] bytes = bytesOf(DriverStatement.class);
    ClassLoader isolated = new ClassLoader(null) {};
    assertThat(statements.isCandidate(isolated, internalName(DriverStatement.class), null, bytes)).isFalse();
  }

  /**
   * The supertype of the class being defined is not loaded yet (the class is the first of its hierarchy
   * to load): its class file is read, and nothing is loaded through the loader. Loading it here would
   * define it inside the transformer, where it would never be woven.
   */
  @Test
  void aSupertypeNotLoadedYetIsReadFromItsClassFileNotLoaded() throws IOException {
    RecordingLoader loader = new RecordingLoader();
    assertThat(candidate(statements, loader, DriverStatement.class)).isTrue();
    assertThat(candidate(statements, loader, Unrelated.class)).isFalse();
    assertThat(loader.loadRequests).isEmpty();
  }

  /** What the loader has loaded already is looked at through its class (findLoadedClass, no loading). */
  @Test
  void aSupertypeAlreadyLoadedIsLookedAtThroughItsClass() throws Exception {
    ClassFiles noClassFiles = new ClassFiles() {
      @Override
      ClassHeader header(ClassLoader loader, String name) {
        return name.startsWith("java.") ? super.header(loader, name) : null;
      }
    };
    TypePrefilter fromLoaded = new TypePrefilter(
        List.of(TypeInstrumentation.subTypesOf(any(), "java.sql.Statement")), LoadedClasses.lookingUp(), noClassFiles);
    Class.forName(BaseStatement.class.getName(), false, LOADER);
    assertThat(candidate(fromLoaded, LOADER, DriverStatement.class)).isTrue();

    RecordingLoader nothingLoaded = new RecordingLoader();
    assertThat(candidate(fromLoaded, nothingLoaded, DriverStatement.class))
        .as("neither loaded nor readable: not known to reach Statement").isFalse();
  }

  /**
   * A JDK supertype the JDK's loaders had loaded when the agent started is looked at through its class:
   * the bootstrap loader has no findLoadedClass, and its class files are not read from the run-time image.
   */
  @Test
  void aJdkSupertypeLoadedAtStartIsNotReadFromItsClassFile() throws Exception {
    RecordingClassFiles noJdkClassFiles = new RecordingClassFiles(name -> !name.startsWith("java."));
    List<TypeInstrumentation> statements = List.of(TypeInstrumentation.subTypesOf(any(), "java.sql.Statement"));
    Class<?>[] loadedAtStart = {java.sql.Statement.class, String.class, int[].class};
    TypePrefilter atStart = new TypePrefilter(statements, LoadedClasses.lookingUp(loadedAtStart), noJdkClassFiles);
    assertThat(candidate(atStart, new RecordingLoader(), DriverStatement.class)).isTrue();
    assertThat(noJdkClassFiles.reads).noneMatch(name -> name.startsWith("java."));

    TypePrefilter without = new TypePrefilter(statements, LoadedClasses.lookingUp(), noJdkClassFiles);
    assertThat(candidate(without, new RecordingLoader(), DriverStatement.class)).isTrue();
    assertThat(noJdkClassFiles.reads).as("its supertypes looked for in its class file").contains("java.sql.Statement");
  }

  /** A class file the loader cannot find now may be defined later another way: that answer is not kept. */
  @Test
  void aMissingClassFileIsNotRememberedAsAnAnswer() throws IOException {
    boolean[] found = {false};
    ClassFiles appearing = new ClassFiles() {
      @Override
      ClassHeader header(ClassLoader loader, String name) {
        return name.startsWith("java.") || found[0] ? super.header(loader, name) : null;
      }
    };
    TypePrefilter prefilter = new TypePrefilter(
        List.of(TypeInstrumentation.subTypesOf(any(), "java.sql.Statement")), LoadedClasses.NONE, appearing);
    RecordingLoader loader = new RecordingLoader();
    assertThat(candidate(prefilter, loader, DriverStatement.class)).isFalse();
    found[0] = true;
    assertThat(candidate(prefilter, loader, DriverStatement.class)).isTrue();
  }

  /** Every instrumentation asks about the same supertypes: each class file is read once for all of them. */
  @Test
  void eachSupertypeClassFileIsReadOnceForAllInstrumentations() throws IOException {
    RecordingClassFiles counting = new RecordingClassFiles(name -> true);
    List<String> reads = counting.reads;
    TypePrefilter three = new TypePrefilter(List.of(
        TypeInstrumentation.subTypesOf(any(), "java.sql.Statement"),
        TypeInstrumentation.subTypesOf(any(), "java.sql.Connection"),
        TypeInstrumentation.subTypesOf(any(), "java.util.concurrent.Executor")), LoadedClasses.NONE, counting);
    RecordingLoader loader = new RecordingLoader();
    assertThat(candidate(three, loader, Unrelated.class)).isFalse();
    assertThat(candidate(three, loader, DriverStatement.class)).isTrue();
    assertThat(reads).doesNotHaveDuplicates().contains(BaseStatement.class.getName());
  }

  /**
   * One instrumentation naming more types than a walk tracks: the prefilter lets its loaders' classes
   * through, and Byte Buddy's matcher is the instrumentation's own ({@code hasSuperType}).
   */
  @Test
  void anInstrumentationOfMoreNamesThanAWalkFallsBackToItsOwnMatcher() throws IOException {
    String[] names = new String[SuperTypes.MAX_NAMES + 1];
    for (int i = 0; i < names.length - 1; i++) {
      names[i] = "x.Missing" + i;
    }
    names[names.length - 1] = "java.sql.Statement";
    TypeInstrumentation wide = TypeInstrumentation.subTypesOf(any(), names);
    TypePrefilter prefilter = new TypePrefilter(List.of(wide));
    assertThat(candidate(prefilter, LOADER, Unrelated.class)).as("not looked into: passes").isTrue();
    ModuleTransformer.Match matcher = prefilter.subTypeMatcher(wide);
    assertThat(matches(matcher, DriverStatement.class, null)).isTrue();
    assertThat(matches(matcher, Unrelated.class, null)).isFalse();
  }

  /** The transformer's matcher for the same instrumentation answers as {@code hasSuperType} would. */
  @Test
  void theSubTypeMatcherMatchesWhatHasSuperTypeWould() {
    ModuleTransformer.Match matcher = statements.subTypeMatcher(
        TypeInstrumentation.subTypesOf(any(), "java.sql.Statement").excluding(named(BaseStatement.class.getName())));
    assertThat(matches(matcher, DriverStatement.class, null)).isTrue();
    assertThat(matches(matcher, DriverStatement.class, DriverStatement.class)).isTrue();
    assertThat(matches(matcher, BaseStatement.class, null)).as("excluded").isFalse();
    assertThat(matches(matcher, StatementExtension.class, null)).as("an interface").isFalse();
    assertThat(matches(matcher, Unrelated.class, null)).isFalse();
    assertThat(matches(matcher, Unrelated.class, Unrelated.class)).isFalse();
  }

  /** Records every class file asked for; serves those {@code readable} accepts, as if the others were missing. */
  private static final class RecordingClassFiles extends ClassFiles {
    final List<String> reads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.function.Predicate<String> readable;

    RecordingClassFiles(java.util.function.Predicate<String> readable) {
      this.readable = readable;
    }

    @Override
    ClassHeader header(ClassLoader loader, String name) {
      reads.add(name);
      return readable.test(name) ? super.header(loader, name) : null;
    }
  }

  /** Serves the test classes' class files as resources and records every request to load a class. */
  private static final class RecordingLoader extends ClassLoader {
    final List<String> loadRequests = new java.util.concurrent.CopyOnWriteArrayList<>();

    RecordingLoader() {
      super(null);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      loadRequests.add(name);
      throw new ClassNotFoundException(name);
    }

    @Override
    public java.net.URL getResource(String name) {
      java.net.URL own = LOADER.getResource(name);
      return own != null ? own : ClassLoader.getPlatformClassLoader().getResource(name);
    }
  }

  private static boolean matches(ModuleTransformer.Match matcher, Class<?> type, Class<?> beingRedefined) {
    return matcher.matches(TypeDescription.ForLoadedType.of(type), LOADER, beingRedefined);
  }
}
