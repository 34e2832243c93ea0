package io.spanwise.bootstrap.instrumentation.grpc;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.HeaderGetter;

/**
 * gRPC CLIENT and SERVER spans as the grpc interceptors see them; implemented by the module's
 * {@code GrpcTracer} in the agent. See {@link GrpcTracing} for each method.
 */
public interface GrpcBridge {
  ActiveSpan startClient(String fullMethodName, String authority);

  <C> ActiveSpan startServer(String fullMethodName, C metadata, HeaderGetter<C> getter);

  void endClient(ActiveSpan span, int statusCode, Throwable cause);

  void endServer(ActiveSpan span, int statusCode, Throwable cause);

  GrpcBridge NOOP = new GrpcBridge() {
    @Override
    public ActiveSpan startClient(String fullMethodName, String authority) {
      return ActiveSpan.NOOP;
    }

    @Override
    public <C> ActiveSpan startServer(String fullMethodName, C metadata, HeaderGetter<C> getter) {
      return ActiveSpan.NOOP;
    }

    @Override
    public void endClient(ActiveSpan span, int statusCode, Throwable cause) {}

    @Override
    public void endServer(ActiveSpan span, int statusCode, Throwable cause) {}
  };
}
