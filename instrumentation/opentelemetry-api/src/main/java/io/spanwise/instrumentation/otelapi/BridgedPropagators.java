package io.spanwise.instrumentation.otelapi;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.spanwise.bootstrap.api.HeaderGetter;
import io.spanwise.bootstrap.api.HeaderSetter;
import io.spanwise.bootstrap.instrumentation.otelapi.OtelApiTracing;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;

/** The agent's propagators ({@code otel.propagators}) as the application's (helper). */
final class BridgedPropagators implements ContextPropagators, TextMapPropagator {
  static final BridgedPropagators INSTANCE = new BridgedPropagators();

  private BridgedPropagators() {}

  @Override
  public TextMapPropagator getTextMapPropagator() {
    return this;
  }

  @Override
  public Collection<String> fields() {
    return OtelApiTracing.bridge().fields();
  }

  @Override
  public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
    if (context != null && setter != null) {
      OtelApiTracing.bridge().inject(AppApi.bridged(context).agent, carrier, new Setter<>(setter));
    }
  }

  @Override
  public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
    if (context == null) {
      context = Context.root();
    }
    if (getter == null) {
      return context;
    }
    BridgedContext bridged = AppApi.bridged(context);
    return new BridgedContext(OtelApiTracing.bridge().extract(bridged.agent, carrier, new Getter<>(getter)),
        bridged.state);
  }

  @Override
  public String toString() {
    return "SpanwisePropagators{the agent's}";
  }

  private static final class Setter<C> implements HeaderSetter<C> {
    private final TextMapSetter<C> setter;

    Setter(TextMapSetter<C> setter) {
      this.setter = setter;
    }

    @Override
    public void set(C carrier, String name, String value) {
      setter.set(carrier, name, value);
    }
  }

  private static final class Getter<C> implements HeaderGetter<C> {
    private final TextMapGetter<C> getter;

    Getter(TextMapGetter<C> getter) {
      this.getter = getter;
    }

    @Override
    public Iterator<String> getAll(C carrier, String name) {
      String value = getter.get(carrier, name);
      return value == null ? Collections.emptyIterator() : Collections.singletonList(value).iterator();
    }

    @Override
    public Iterable<String> keys(C carrier) {
      Iterable<String> keys = getter.keys(carrier);
      return keys == null ? Collections.emptyList() : keys;
    }
  }
}
