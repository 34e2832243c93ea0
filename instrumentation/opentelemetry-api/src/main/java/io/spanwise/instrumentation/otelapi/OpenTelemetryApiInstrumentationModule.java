package io.spanwise.instrumentation.otelapi;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.spanwise.bootstrap.instrumentation.otelapi.OtelApiTracing;
import io.spanwise.instrumentation.otelapi.agent.OtelApiAgentBridge;
import io.spanwise.instrumentation.spi.InstrumentationContext;
import io.spanwise.instrumentation.spi.InstrumentationModule;
import io.spanwise.instrumentation.spi.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The application's own {@code opentelemetry-api} (any 1.x), bridged to the agent: {@code GlobalOpenTelemetry}
 * answers the agent's SDK, and {@code ContextStorage.get()} the agent's context, so the application's
 * manual spans, {@code Span.current()}, baggage and propagators are the agent's (see docs/architecture.md,
 * "The application's OpenTelemetry API").
 *
 * <p>Never in the class loader of the agent's own API: in-process tests run the agent from the
 * application class path, where the application's API is the agent's.
 */
public final class OpenTelemetryApiInstrumentationModule implements InstrumentationModule {
  private static final String PACKAGE = "io.spanwise.instrumentation.otelapi.";

  @Override
  public String name() {
    return "opentelemetry-api";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    ClassLoader agentApi = io.opentelemetry.context.Context.class.getClassLoader();
    ElementMatcher<ClassLoader> notTheAgentsApi = loader -> loader != agentApi;
    return List.of(
        // LazyStorage.get() is what ContextStorage.get() returns (1.0 to now). Not ContextStorage itself: the
        // helpers implement it, and a class cannot be defined while its interface is being transformed.
        TypeInstrumentation.named(notTheAgentsApi, "io.opentelemetry.context.LazyStorage")
            .advise(isStatic().and(named("get")).and(takesArguments(0)), PACKAGE + "ContextStorageAdvice"),
        TypeInstrumentation.named(notTheAgentsApi, "io.opentelemetry.api.GlobalOpenTelemetry")
            .advise(isStatic().and(namedOneOf("get", "getOrNoop")).and(takesArguments(0))
                .and(returns(named("io.opentelemetry.api.OpenTelemetry"))), PACKAGE + "GlobalGetAdvice")
            .advise(isStatic().and(named("set")).and(takesArguments(1))
                .and(takesArgument(0, named("io.opentelemetry.api.OpenTelemetry"))), PACKAGE + "GlobalSetAdvice")
            .advise(isStatic().and(named("resetForTest")).and(takesArguments(0)), PACKAGE + "GlobalResetAdvice")
            .advise(isStatic().and(named("isSet")).and(takesArguments(0)), PACKAGE + "GlobalIsSetAdvice")
            .advise(isStatic().and(named("isSet")).and(takesArguments(0)), PACKAGE + "GlobalIsSetAdvice"));
  }

  @Override
  public void install(InstrumentationContext context) {
    OtelApiTracing.install(new OtelApiAgentBridge(context));
  }
}
