package io.spanwise.instrumentation.annotations.methods;

import static io.spanwise.instrumentation.spi.ClassLoaderMatchers.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import io.spanwise.bootstrap.instrumentation.annotations.AnnotationsTracing;
import io.spanwise.instrumentation.annotations.agent.MethodInfoBinding;
import io.spanwise.instrumentation.annotations.agent.MethodList;
import io.spanwise.instrumentation.annotations.agent.MethodSpanTracer;
import io.spanwise.instrumentation.spi.InstrumentationContext;
import io.spanwise.instrumentation.spi.InstrumentationModule;
import io.spanwise.instrumentation.spi.TypeInstrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code otel.instrumentation.methods.include=com.example.Cls[m1,m2];com.example.Other[m]}: those methods
 * get an INTERNAL span {@code "Cls.m1"} as if they were annotated {@code @WithSpan}, with no annotation;
 * in the class named and in its subclasses and implementations (as the OpenTelemetry agent). Nothing is
 * woven while the list is empty.
 */
public final class MethodsInstrumentationModule implements InstrumentationModule {
  static final String INCLUDE = "otel.instrumentation.methods.include";
  private static final String[] ASYNC_TYPES = {"java.util.concurrent.CompletableFuture", "java.util.concurrent.CompletionStage"};

  private MethodList included = MethodList.parse("", problem -> {});
  private List<TypeInstrumentation> instrumentations;

  @Override
  public String name() {
    return "methods";
  }

  @Override
  public void install(InstrumentationContext context) {
    included = MethodList.fromConfig(context.config(), INCLUDE);
    AnnotationsTracing.install(new MethodSpanTracer(context));
  }

  @Override
  public synchronized List<TypeInstrumentation> typeInstrumentations() {
    if (instrumentations == null) {
      instrumentations = includedMethods(included);
    }
    return instrumentations;
  }

  static List<TypeInstrumentation> includedMethods(MethodList included) {
    List<TypeInstrumentation> types = new ArrayList<>();
    List<MethodInfoBinding> binding = List.of(MethodInfoBinding.INSTANCE);
    ElementMatcher.Junction<MethodDescription> async = returns(namedOneOf(ASYNC_TYPES));
    for (Map.Entry<String, Set<String>> entry : included.byClass().entrySet()) {
      ElementMatcher.Junction<MethodDescription> methods = isMethod().and(not(isAbstract())).and(not(isNative()))
          .and(not(isBridge())).and(namedOneOf(entry.getValue().toArray(new String[0])));
      types.add(TypeInstrumentation.subTypesOf(hasClassNamed(entry.getKey()), entry.getKey())
          .advise(methods.and(not(async)), "io.spanwise.instrumentation.annotations.WithSpanAdvice", binding)
          .advise(methods.and(async), "io.spanwise.instrumentation.annotations.WithSpanAsyncAdvice", binding));
    }
    return types;
  }
}
