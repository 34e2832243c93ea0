package io.spanwise.instrumentation.spi;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Which types to transform and which advice to weave into which of their methods. Advice is named by
 * class name so that it is never loaded into the agent's class loader.
 */
public final class TypeInstrumentation {
  private final ElementMatcher<ClassLoader> classLoaderMatcher;
  private final ElementMatcher<? super TypeDescription> typeMatcher;
  private final boolean jdk;
  private final List<MethodAdvice> advice = new ArrayList<>();
  private final List<CallReplacement> callReplacements = new ArrayList<>();

  private TypeInstrumentation(
      ElementMatcher<ClassLoader> classLoaderMatcher, ElementMatcher<? super TypeDescription> typeMatcher,
      boolean jdk) {
    this.classLoaderMatcher = classLoaderMatcher;
    this.typeMatcher = typeMatcher;
    this.jdk = jdk;
  }

  /**
   * Types matching {@code typeMatcher}, looked at only in class loaders matching
   * {@code classLoaderMatcher} (a cheap prefilter such as {@link ClassLoaderMatchers#hasClassNamed}).
   */
  public static TypeInstrumentation of(
      ElementMatcher<ClassLoader> classLoaderMatcher, ElementMatcher<? super TypeDescription> typeMatcher) {
    return new TypeInstrumentation(classLoaderMatcher, typeMatcher, false);
  }

  public static TypeInstrumentation of(ElementMatcher<? super TypeDescription> typeMatcher) {
    return new TypeInstrumentation(any(), typeMatcher, false);
  }

  /**
   * JDK classes of the bootstrap class loader, matched by name only ({@code named}, {@code namedOneOf},
   * {@code nameStartsWith}): the installer lets exactly these through its ignore list (which rejects
   * {@code java.*} and the other JDK packages) and retransforms the ones already loaded when the agent
   * starts. Their advice may use only the JDK and the bootstrap API.
   */
  public static TypeInstrumentation ofJdkTypes(ElementMatcher<? super TypeDescription> names) {
    return new TypeInstrumentation(isBootstrapClassLoader(), names, true);
  }

  /** Weaves the advice class {@code adviceClassName} around the methods matching {@code methods}. */
  public TypeInstrumentation advise(ElementMatcher<? super MethodDescription> methods, String adviceClassName) {
    advice.add(new MethodAdvice(methods, adviceClassName));
    return this;
  }

  /**
   * Replaces every call to a method matching {@code calls} made inside the methods matching
   * {@code inMethods} by a call to the static {@code replacement}, which receives the call's target
   * first, then its arguments. For a hook in the middle of a method, where advice cannot go (a pool's
   * worker loop running one task after the other).
   */
  public TypeInstrumentation replaceCalls(ElementMatcher<? super MethodDescription> inMethods,
      ElementMatcher<? super MethodDescription> calls, Method replacement) {
    callReplacements.add(new CallReplacement(inMethods, calls, replacement));
    return this;
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

  public List<MethodAdvice> advice() {
    return Collections.unmodifiableList(advice);
  }

  /** One advice class and the methods it wraps. */
  public static final class MethodAdvice {
    private final ElementMatcher<? super MethodDescription> methods;
    private final String adviceClassName;

    MethodAdvice(ElementMatcher<? super MethodDescription> methods, String adviceClassName) {
      this.methods = methods;
      this.adviceClassName = adviceClassName;
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
