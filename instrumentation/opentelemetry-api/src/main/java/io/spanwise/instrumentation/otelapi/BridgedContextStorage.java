package io.spanwise.instrumentation.otelapi;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;
import io.spanwise.bootstrap.instrumentation.otelapi.OtelApiBridge;
import io.spanwise.bootstrap.instrumentation.otelapi.OtelApiTracing;

/**
 * The application's {@code ContextStorage}, which {@code ContextStorage.get()} answers under the agent:
 * the agent's own context storage, so there is one current context for the agent's spans and the
 * application's (helper).
 */
public final class BridgedContextStorage implements ContextStorage {
  public static final BridgedContextStorage INSTANCE = new BridgedContextStorage();

  private volatile BridgedContext root;

  private BridgedContextStorage() {}

  @Override
  public Scope attach(Context toAttach) {
    if (toAttach == null) {
      return Scope.noop();
    }
    BridgedContext context = AppApi.bridged(toAttach);
    return new BridgedScope(OtelApiTracing.bridge().attach(context.toAttach()));
  }

  @Override
  public Context current() {
    OtelApiBridge bridge = OtelApiTracing.bridge();
    Object agent = bridge.currentContext();
    Object state = bridge.applicationState(agent);
    return new BridgedContext(agent, state instanceof AppState ? (AppState) state : null);
  }

  /** {@code ContextStorage.root()} of API 1.2x and later ({@code Context.root()} asks it): the agent's root. */
  public Context root() {
    BridgedContext context = root;
    if (context == null) {
      context = new BridgedContext(OtelApiTracing.bridge().rootContext(), null);
      root = context;
    }
    return context;
  }
}
