package io.spanwise.core.install;

import static io.spanwise.core.install.ClassHeaderTest.bytesOf;
import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.instrumentation.spi.TypeInstrumentation;
import java.io.IOException;
import java.sql.Statement;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
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
    assertThat(statements.isCandidate(LOADER, null, bytesOf(DriverStatement.class))).isTrue();
    assertThat(statements.isCandidate(LOADER, null, bytesOf(BaseStatement.class))).isTrue();
  }

  @Test
  void rejectsOtherClassesAndInterfaces() throws IOException {
    assertThat(statements.isCandidate(LOADER, null, bytesOf(Unrelated.class))).isFalse();
    assertThat(statements.isCandidate(LOADER, null, bytesOf(String.class))).isFalse();
    assertThat(statements.isCandidate(LOADER, null, bytesOf(StatementExtension.class))).isFalse();
  }

  @Test
  void aClassBeingRetransformedIsLookedAtThroughItsClass() {
    assertThat(statements.isCandidate(LOADER, DriverStatement.class, null)).isTrue();
    assertThat(statements.isCandidate(LOADER, Unrelated.class, null)).isFalse();
  }

  @Test
  void aLoaderTheInstrumentationDoesNotLookAtRejects() throws IOException {
    ElementMatcher<ClassLoader> never = loader -> false;
    TypePrefilter elsewhere = new TypePrefilter(List.of(TypeInstrumentation.subTypesOf(never, "java.sql.Statement")));
    assertThat(elsewhere.isCandidate(LOADER, null, bytesOf(DriverStatement.class))).isFalse();
  }

  @Test
  void anOpaqueTypeMatcherPassesEverythingAndBrokenBytesPass() throws IOException {
    TypePrefilter opaque = new TypePrefilter(List.of(TypeInstrumentation.of(named("x.Y"))));
    assertThat(opaque.isCandidate(LOADER, null, bytesOf(Unrelated.class))).isTrue();
    assertThat(statements.isCandidate(LOADER, null, new byte[] {1, 2, 3})).isTrue();
  }

  /** {@code mentioning}: only class files that name one of the types (an annotation, say) pass. */
  @Test
  void aClassThatMentionsNoneOfTheNamedTypesRejects() throws IOException {
    TypePrefilter annotated = new TypePrefilter(List.of(
        TypeInstrumentation.of(named("x.Y")).mentioning("java.lang.Deprecated", "x.Missing")));
    assertThat(annotated.isCandidate(LOADER, null, bytesOf(Marked.class))).isTrue();
    assertThat(annotated.isCandidate(LOADER, null, bytesOf(Unrelated.class))).isFalse();
    assertThat(annotated.isCandidate(LOADER, Unrelated.class, bytesOf(Unrelated.class))).isFalse();
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
    assertThat(statements.isCandidate(isolated, null, bytes)).isFalse();
  }

  /**
   * The supertype of the class being defined is not loaded yet (the class is the first of its hierarchy
   * to load): its class file is read, and nothing is loaded through the loader. Loading it here would
   * define it inside the transformer, where it would never be woven.
   */
  @Test
  void aSupertypeNotLoadedYetIsReadFromItsClassFileNotLoaded() throws IOException {
    RecordingLoader loader = new RecordingLoader();
    assertThat(statements.isCandidate(loader, null, bytesOf(DriverStatement.class))).isTrue();
    assertThat(statements.isCandidate(loader, null, bytesOf(Unrelated.class))).isFalse();
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
    assertThat(fromLoaded.isCandidate(LOADER, null, bytesOf(DriverStatement.class))).isTrue();

    RecordingLoader nothingLoaded = new RecordingLoader();
    assertThat(fromLoaded.isCandidate(nothingLoaded, null, bytesOf(DriverStatement.class)))
        .as("neither loaded nor readable: not known to reach Statement").isFalse();
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
    assertThat(prefilter.isCandidate(loader, null, bytesOf(DriverStatement.class))).isFalse();
    found[0] = true;
    assertThat(prefilter.isCandidate(loader, null, bytesOf(DriverStatement.class))).isTrue();
  }

  /** Every instrumentation asks about the same supertypes: each class file is read once for all of them. */
  @Test
  void eachSupertypeClassFileIsReadOnceForAllInstrumentations() throws IOException {
    List<String> reads = new java.util.concurrent.CopyOnWriteArrayList<>();
    ClassFiles counting = new ClassFiles() {
      @Override
      ClassHeader header(ClassLoader loader, String name) {
        reads.add(name);
        return super.header(loader, name);
      }
    };
    TypePrefilter three = new TypePrefilter(List.of(
        TypeInstrumentation.subTypesOf(any(), "java.sql.Statement"),
        TypeInstrumentation.subTypesOf(any(), "java.sql.Connection"),
        TypeInstrumentation.subTypesOf(any(), "java.util.concurrent.Executor")), LoadedClasses.NONE, counting);
    RecordingLoader loader = new RecordingLoader();
    assertThat(three.isCandidate(loader, null, bytesOf(Unrelated.class))).isFalse();
    assertThat(three.isCandidate(loader, null, bytesOf(DriverStatement.class))).isTrue();
    assertThat(reads).doesNotHaveDuplicates().contains(BaseStatement.class.getName());
  }

  /** Byte Buddy's matcher for the same instrumentation answers as {@code hasSuperType} would. */
  @Test
  void theSubTypeMatcherMatchesWhatHasSuperTypeWould() {
    AgentBuilder.RawMatcher matcher = statements.subTypeMatcher(
        TypeInstrumentation.subTypesOf(any(), "java.sql.Statement").excluding(named(BaseStatement.class.getName())));
    assertThat(matches(matcher, DriverStatement.class, null)).isTrue();
    assertThat(matches(matcher, DriverStatement.class, DriverStatement.class)).isTrue();
    assertThat(matches(matcher, BaseStatement.class, null)).as("excluded").isFalse();
    assertThat(matches(matcher, StatementExtension.class, null)).as("an interface").isFalse();
    assertThat(matches(matcher, Unrelated.class, null)).isFalse();
    assertThat(matches(matcher, Unrelated.class, Unrelated.class)).isFalse();
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

  private static boolean matches(AgentBuilder.RawMatcher matcher, Class<?> type, Class<?> beingRedefined) {
    return matcher.matches(TypeDescription.ForLoadedType.of(type), LOADER, null, beingRedefined, null);
  }
}
