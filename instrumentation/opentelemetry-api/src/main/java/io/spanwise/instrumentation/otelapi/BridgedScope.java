package io.spanwise.instrumentation.otelapi;

import io.opentelemetry.context.Scope;
import io.spanwise.bootstrap.api.ContextScope;

/** The application's scope over the agent's (helper). */
final class BridgedScope implements Scope {
  private final ContextScope scope;

  BridgedScope(ContextScope scope) {
    this.scope = scope;
  }

  @Override
  public void close() {
    scope.close();
  }
}
