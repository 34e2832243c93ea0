package io.spanwise.instrumentation.annotations;

import static io.spanwise.instrumentation.spi.ClassLoaderMatchers.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.hasParameters;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.whereAny;

import io.spanwise.bootstrap.instrumentation.annotations.AnnotationsTracing;
import io.spanwise.instrumentation.annotations.agent.AnnotationNames;
import io.spanwise.instrumentation.annotations.agent.MethodInfoBinding;
import io.spanwise.instrumentation.annotations.agent.MethodList;
import io.spanwise.instrumentation.annotations.agent.MethodSpanTracer;
import io.spanwise.instrumentation.spi.InstrumentationContext;
import io.spanwise.instrumentation.spi.InstrumentationModule;
import io.spanwise.instrumentation.spi.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code @WithSpan} methods (the annotation of {@code io.opentelemetry.instrumentation.annotations} and
 * the older one of {@code io.opentelemetry.extension.annotations}) get a span; {@code @SpanAttribute}
 * parameters become its attributes; {@code @AddingSpanAttributes} methods add theirs to the current
 * span. {@code otel.instrumentation.opentelemetry-instrumentation-annotations.exclude-methods} leaves
 * methods out.
 *
 * <p>The annotations are matched by name in the class files (Byte Buddy's type pool), never loaded by the
 * agent. Only class loaders that can see one of the annotations are looked at ({@code hasClassNamed}),
 * and in those only classes whose bytes name one ({@link TypeInstrumentation#mentioning}) are parsed.
 * What the advice needs about a method (span name, kind, attributes) is bound as constants when it is
 * woven ({@link MethodInfoBinding}).
 */
public final class AnnotationsInstrumentationModule implements InstrumentationModule {
  static final String EXCLUDE_METHODS = "otel.instrumentation.opentelemetry-instrumentation-annotations.exclude-methods";
  static final String[] ASYNC_TYPES = {"java.util.concurrent.CompletableFuture", "java.util.concurrent.CompletionStage"};

  private MethodList excluded = MethodList.parse("", problem -> {});
  private List<TypeInstrumentation> instrumentations;

  @Override
  public String name() {
    return "opentelemetry-instrumentation-annotations";
  }

  @Override
  public void install(InstrumentationContext context) {
    excluded = MethodList.fromConfig(context.config(), EXCLUDE_METHODS);
    AnnotationsTracing.install(new MethodSpanTracer(context));
  }

  @Override
  public synchronized List<TypeInstrumentation> typeInstrumentations() {
    if (instrumentations == null) {
      instrumentations = List.of(annotatedMethods(excluded));
    }
    return instrumentations;
  }

  static TypeInstrumentation annotatedMethods(MethodList excluded) {
    ElementMatcher<ClassLoader> current = hasClassNamed(AnnotationNames.WITH_SPAN);
    ElementMatcher<ClassLoader> old = hasClassNamed(AnnotationNames.OLD_WITH_SPAN);
    ElementMatcher.Junction<MethodDescription> woven = isMethod().and(not(isAbstract())).and(not(isNative()))
        .and(not(isBridge())).and(not(excluded.matcher()));
    ElementMatcher.Junction<MethodDescription> withSpan = woven.and(isAnnotatedWith(namedOneOf(AnnotationNames.withSpans())));
    ElementMatcher.Junction<MethodDescription> async = returns(namedOneOf(ASYNC_TYPES));
    // @AddingSpanAttributes on a @WithSpan method adds nothing more: the span has the attributes already
    ElementMatcher.Junction<MethodDescription> adding = woven
        .and(isAnnotatedWith(named(AnnotationNames.ADDING_SPAN_ATTRIBUTES)))
        .and(not(isAnnotatedWith(namedOneOf(AnnotationNames.withSpans()))))
        .and(hasParameters(whereAny(isAnnotatedWith(namedOneOf(AnnotationNames.spanAttributes())))));
    List<MethodInfoBinding> binding = List.of(MethodInfoBinding.INSTANCE);
    return TypeInstrumentation.of(loader -> current.matches(loader) || old.matches(loader),
            declaresMethod(withSpan.or(adding)))
        .mentioning(AnnotationNames.WITH_SPAN, AnnotationNames.OLD_WITH_SPAN, AnnotationNames.ADDING_SPAN_ATTRIBUTES)
        .advise(withSpan.and(not(async)), "io.spanwise.instrumentation.annotations.WithSpanAdvice", binding)
        .advise(withSpan.and(async), "io.spanwise.instrumentation.annotations.WithSpanAsyncAdvice", binding)
        .advise(adding, "io.spanwise.instrumentation.annotations.AddingSpanAttributesAdvice", binding);
  }
}
