package io.spanwise.core.trace;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.spanwise.bootstrap.api.HeaderGetter;
import io.spanwise.core.config.Config;
import io.spanwise.core.sdk.AgentThreads;
import io.spanwise.instrumentation.spi.InstrumentationConfig;
import io.spanwise.instrumentation.spi.InstrumentationContext;
import java.util.function.BiFunction;

/** What every enabled module is given at installation: the agent's tracer, propagators and settings. */
public final class AgentInstrumentationContext implements InstrumentationContext {
  private final Tracer tracer;
  private final ContextPropagators propagators;
  private final Config config;
  private final BiFunction<String, String, Tracer> scopedTracers;

  public AgentInstrumentationContext(Tracer tracer, ContextPropagators propagators, Config config) {
    this(tracer, propagators, config, (name, version) -> tracer);
  }

  /** With the tracers of other instrumentation scopes ({@link #tracer(String, String)}). */
  public AgentInstrumentationContext(Tracer tracer, ContextPropagators propagators, Config config,
      BiFunction<String, String, Tracer> scopedTracers) {
    this.tracer = tracer;
    this.propagators = propagators;
    this.config = config;
    this.scopedTracers = scopedTracers;
  }

  @Override
  public Tracer tracer(String scopeName, String version) {
    return scopedTracers.apply(scopeName, version);
  }

  @Override
  public Tracer tracer() {
    return tracer;
  }

  @Override
  public ContextPropagators propagators() {
    return propagators;
  }

  @Override
  public InstrumentationConfig config() {
    return config;
  }

  @Override
  public <C> Context extract(Context parent, C carrier, HeaderGetter<C> getter) {
    return CoreTracingBridge.extract(propagators.getTextMapPropagator(), parent, carrier, getter);
  }

  @Override
  public boolean isAgentThread() {
    return AgentThreads.isAgentExportThread();
  }
}
