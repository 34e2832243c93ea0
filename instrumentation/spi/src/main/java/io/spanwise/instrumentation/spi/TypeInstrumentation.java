package io.spanwise.instrumentation.spi;

import static net.bytebuddy.matcher.ElementMatchers.any;

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
  private final List<MethodAdvice> advice = new ArrayList<>();

  private TypeInstrumentation(
      ElementMatcher<ClassLoader> classLoaderMatcher, ElementMatcher<? super TypeDescription> typeMatcher) {
    this.classLoaderMatcher = classLoaderMatcher;
    this.typeMatcher = typeMatcher;
  }

  /**
   * Types matching {@code typeMatcher}, looked at only in class loaders matching
   * {@code classLoaderMatcher} (a cheap prefilter such as {@link ClassLoaderMatchers#hasClassNamed}).
   */
  public static TypeInstrumentation of(
      ElementMatcher<ClassLoader> classLoaderMatcher, ElementMatcher<? super TypeDescription> typeMatcher) {
    return new TypeInstrumentation(classLoaderMatcher, typeMatcher);
  }

  public static TypeInstrumentation of(ElementMatcher<? super TypeDescription> typeMatcher) {
    return new TypeInstrumentation(any(), typeMatcher);
  }

  /** Weaves the advice class {@code adviceClassName} around the methods matching {@code methods}. */
  public TypeInstrumentation advise(ElementMatcher<? super MethodDescription> methods, String adviceClassName) {
    advice.add(new MethodAdvice(methods, adviceClassName));
    return this;
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
}
