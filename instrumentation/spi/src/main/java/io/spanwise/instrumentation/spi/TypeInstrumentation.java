package io.spanwise.instrumentation.spi;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Which types to transform and which advice to weave into which of their methods. Advice is named by
 * class name so that it is never loaded into the agent's class loader.
 *
 * <p>A class-loader matcher must give the same answer for a loader every time it is asked: the core asks
 * it once, when the loader defines its first class, and keeps the answer for as long as the loader lives.
 */
public final class TypeInstrumentation {
  private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();
  private static final ElementMatcher<ClassLoader> JDK_LOADERS = loader -> loader == null || loader == PLATFORM;

  private final ElementMatcher<ClassLoader> classLoaderMatcher;
  private final ElementMatcher<? super TypeDescription> typeMatcher;
  private final boolean jdk;
  private final Set<String> superTypeNames;
  private final ElementMatcher<? super TypeDescription> exclusion;
  /** For {@link #named} and {@link #ofJdkTypes}: the exact binary names, or prefixes of them, that can match. */
  private Set<String> typeNames;
  private List<String> typeNamePrefixes;
  private final List<MethodAdvice> advice = new ArrayList<>();
  private final List<CallReplacement> callReplacements = new ArrayList<>();
  private List<String> mentionedTypes;
  private boolean agentField;

  private TypeInstrumentation(
      ElementMatcher<ClassLoader> classLoaderMatcher, ElementMatcher<? super TypeDescription> typeMatcher,
      boolean jdk, Set<String> superTypeNames) {
    this(classLoaderMatcher, typeMatcher, jdk, superTypeNames, none());
  }

  private TypeInstrumentation(
      ElementMatcher<ClassLoader> classLoaderMatcher, ElementMatcher<? super TypeDescription> typeMatcher,
      boolean jdk, Set<String> superTypeNames, ElementMatcher<? super TypeDescription> exclusion) {
    this.classLoaderMatcher = classLoaderMatcher;
    this.typeMatcher = typeMatcher;
    this.jdk = jdk;
    this.superTypeNames = superTypeNames;
    this.exclusion = exclusion;
  }

  /**
   * Classes (not interfaces) that are, extend or implement one of the named types, looked at only in class
   * loaders matching {@code classLoaderMatcher}. Prefer this to {@link #of} with {@code hasSuperType}:
   * the core then also knows the names, and rejects the other classes as they load by reading only the
   * start of their class file and their already loaded supertypes, without Byte Buddy (see
   * {@code ModuleInstaller}), which is most of what type matching costs at start-up.
   */
  public static TypeInstrumentation subTypesOf(ElementMatcher<ClassLoader> classLoaderMatcher, String... typeNames) {
    Set<String> names = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(typeNames)));
    return new TypeInstrumentation(classLoaderMatcher,
        not(isInterface()).and(hasSuperType(namedOneOf(typeNames))), false, names);
  }

  /**
   * The same instrumentation without the types matching {@code excluded} (say, the subclasses of a JDK
   * pool that is instrumented on its own). Call it before adding advice. For {@link #subTypesOf}, the core
   * still rejects most classes by their names and supertypes before {@code excluded} is ever asked.
   */
  public TypeInstrumentation excluding(ElementMatcher<? super TypeDescription> excluded) {
    if (!advice.isEmpty() || !callReplacements.isEmpty()) {
      throw new IllegalStateException("excluding() comes before advise() and replaceCalls()");
    }
    TypeInstrumentation narrowed = new TypeInstrumentation(classLoaderMatcher, new ElementMatcher.Junction.Conjunction<>(
        typeMatcher, not(excluded)), jdk, superTypeNames, new ElementMatcher.Junction.Disjunction<>(exclusion, excluded));
    narrowed.mentionedTypes = mentionedTypes;
    narrowed.typeNames = typeNames;
    narrowed.typeNamePrefixes = typeNamePrefixes;
    narrowed.agentField = agentField;
    return narrowed;
  }

  /**
   * Types matching {@code typeMatcher}, looked at only in class loaders matching
   * {@code classLoaderMatcher} (a cheap prefilter such as {@link ClassLoaderMatchers#hasClassNamed}).
   */
  public static TypeInstrumentation of(
      ElementMatcher<ClassLoader> classLoaderMatcher, ElementMatcher<? super TypeDescription> typeMatcher) {
    return new TypeInstrumentation(classLoaderMatcher, typeMatcher, false, null);
  }

  public static TypeInstrumentation of(ElementMatcher<? super TypeDescription> typeMatcher) {
    return new TypeInstrumentation(any(), typeMatcher, false, null);
  }

  /**
   * Exactly the types of these binary names, looked at only in class loaders matching
   * {@code classLoaderMatcher}. The core knows the names and hands no other class to Byte Buddy. Prefer
   * this to {@link #of} with a {@code named} matcher, which makes every class of a matching loader a
   * candidate.
   */
  public static TypeInstrumentation named(ElementMatcher<ClassLoader> classLoaderMatcher, String... typeNames) {
    TypeInstrumentation type = new TypeInstrumentation(classLoaderMatcher, namedOneOf(typeNames), false, null);
    type.typeNames = Set.of(typeNames);
    return type;
  }

  /**
   * JDK classes of the bootstrap or the platform class loader ({@code java.net.http} is the platform
   * loader's), by binary name: the installer lets exactly these through its ignore list (which rejects
   * {@code java.*} and the other JDK packages) and retransforms the ones already loaded when the agent
   * starts. Their advice may use only the JDK and the bootstrap API.
   */
  public static TypeInstrumentation ofJdkTypes(String... typeNames) {
    TypeInstrumentation type = new TypeInstrumentation(JDK_LOADERS, namedOneOf(typeNames), true, null);
    type.typeNames = Set.of(typeNames);
    return type;
  }

  /** As {@link #ofJdkTypes(String...)}, for the JDK classes whose binary names start with one of these. */
  public static TypeInstrumentation ofJdkTypesNamedStartingWith(String... prefixes) {
    ElementMatcher.Junction<TypeDescription> names = none();
    for (String prefix : prefixes) {
      names = names.or(nameStartsWith(prefix));
    }
    TypeInstrumentation type = new TypeInstrumentation(JDK_LOADERS, names, true, null);
    type.typeNames = Set.of();
    type.typeNamePrefixes = List.of(prefixes);
    return type;
  }

  /** Weaves the advice class {@code adviceClassName} around the methods matching {@code methods}. */
  public TypeInstrumentation advise(ElementMatcher<? super MethodDescription> methods, String adviceClassName) {
    return advise(methods, adviceClassName, List.of());
  }

  /**
   * As {@link #advise(ElementMatcher, String)}, with custom advice parameters: each factory binds the
   * advice parameters annotated with its annotation type to a value it computes per woven method (a
   * constant read from the method's description, such as an annotation's value), so the advice gets it
   * for free at run time. Factories belong to the advice class: the same advice class is always bound
   * with the same factories.
   */
  public TypeInstrumentation advise(ElementMatcher<? super MethodDescription> methods, String adviceClassName,
      List<? extends Advice.OffsetMapping.Factory<?>> bindings) {
    advice.add(new MethodAdvice(methods, adviceClassName, bindings));
    return this;
  }

  /**
   * For an instrumentation declared with {@link #of}: only classes whose class file names one of these
   * types (binary names) can match, say the annotation a matched method must carry. The core then rejects
   * the other classes by a search of their bytes, before Byte Buddy parses them. A class file names every
   * type its code, signatures and annotations use, in its constant pool.
   */
  public TypeInstrumentation mentioning(String... typeNames) {
    List<String> names = new ArrayList<>();
    for (String name : typeNames) {
      names.add(name.replace('.', '/'));
    }
    mentionedTypes = Collections.unmodifiableList(names);
    return this;
  }

  /** The internal names of {@link #mentioning}, or null when not set (every class may match). */
  public List<String> mentionedTypes() {
    return mentionedTypes;
  }

  /**
   * Replaces every call to a method matching {@code calls} made inside the methods matching
   * {@code inMethods} by a call to the static {@code replacement}, which receives the call's target
   * first, then its arguments. For a hook in the middle of a method, where advice cannot go (a pool's
   * worker loop running one task after the other). A call is matched as its instruction names it: the
   * method its owner type declares ({@code task.run()} on a {@code Runnable} is {@code Runnable.run});
   * a call naming a method its owner only inherits is not matched.
   */
  public TypeInstrumentation replaceCalls(ElementMatcher<? super MethodDescription> inMethods,
      ElementMatcher<? super MethodDescription> calls, Method replacement) {
    callReplacements.add(new CallReplacement(inMethods, calls, replacement));
    return this;
  }

  /**
   * Gives the matched classes the agent's field ({@code io.spanwise.bootstrap.api.AgentField}) as they
   * first load, for an {@link AgentFieldMap} to keep a value per object on the object itself. Classes
   * already loaded (woven by retransformation, which cannot add fields), {@code Serializable} classes and
   * classes of named modules that cannot read the bootstrap API are woven without it.
   */
  public TypeInstrumentation withAgentField() {
    agentField = true;
    return this;
  }

  /** Whether the matched classes get the agent's field (see {@link #withAgentField}). */
  public boolean addsAgentField() {
    return agentField;
  }

  /** Whether this instruments JDK classes (see {@link #ofJdkTypes}). */
  public boolean isJdk() {
    return jdk;
  }

  public List<CallReplacement> callReplacements() {
    return Collections.unmodifiableList(callReplacements);
  }

  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return classLoaderMatcher;
  }

  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return typeMatcher;
  }

  /**
   * For {@link #subTypesOf}: the names of the types the matched classes are, extend or implement; null for
   * a type matcher the core cannot see into (every class is then handed to it).
   */
  public Set<String> superTypeNames() {
    return superTypeNames;
  }

  /**
   * For {@link #named} and {@link #ofJdkTypes}: the binary names of the types that can match (with
   * {@link #typeNamePrefixes}); null for a type matcher the core cannot see into.
   */
  public Set<String> typeNames() {
    return typeNames;
  }

  /** For {@link #ofJdkTypesNamedStartingWith}: the prefixes of the binary names that can match, else empty. */
  public List<String> typeNamePrefixes() {
    return typeNamePrefixes == null ? List.of() : typeNamePrefixes;
  }

  /** Types left out by {@link #excluding} (matches nothing unless set). */
  public ElementMatcher<? super TypeDescription> exclusion() {
    return exclusion;
  }

  public List<MethodAdvice> advice() {
    return Collections.unmodifiableList(advice);
  }

  /** One advice class and the methods it wraps. */
  public static final class MethodAdvice {
    private final ElementMatcher<? super MethodDescription> methods;
    private final String adviceClassName;
    private final List<Advice.OffsetMapping.Factory<?>> bindings;

    MethodAdvice(ElementMatcher<? super MethodDescription> methods, String adviceClassName,
        List<? extends Advice.OffsetMapping.Factory<?>> bindings) {
      this.methods = methods;
      this.adviceClassName = adviceClassName;
      this.bindings = List.copyOf(bindings);
    }

    /** The custom advice parameters (see {@link TypeInstrumentation#advise(ElementMatcher, String, List)}). */
    public List<Advice.OffsetMapping.Factory<?>> bindings() {
      return bindings;
    }

    public ElementMatcher<? super MethodDescription> methods() {
      return methods;
    }

    public String adviceClassName() {
      return adviceClassName;
    }
  }

  /** Calls replaced inside some methods (see {@link #replaceCalls}). */
  public static final class CallReplacement {
    private final ElementMatcher<? super MethodDescription> inMethods;
    private final ElementMatcher<? super MethodDescription> calls;
    private final Method replacement;

    CallReplacement(ElementMatcher<? super MethodDescription> inMethods,
        ElementMatcher<? super MethodDescription> calls, Method replacement) {
      this.inMethods = inMethods;
      this.calls = calls;
      this.replacement = replacement;
    }

    public ElementMatcher<? super MethodDescription> inMethods() {
      return inMethods;
    }

    public ElementMatcher<? super MethodDescription> calls() {
      return calls;
    }

    public Method replacement() {
      return replacement;
    }
  }
}
