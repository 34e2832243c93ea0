package io.spanwise.bootstrap.instrumentation.grpc;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.HeaderGetter;

/**
 * What the grpc interceptors call (defined in the bootstrap loader with the rest of the advice API);
 * delegates to the {@link GrpcBridge} the grpc module installed.
 */
public final class GrpcTracing {
  private static volatile GrpcBridge bridge = GrpcBridge.NOOP;

  private GrpcTracing() {}

  /** Called by the grpc module when installed; null uninstalls. */
  public static void install(GrpcBridge implementation) {
    bridge = implementation == null ? GrpcBridge.NOOP : implementation;
  }

  /**
   * A CLIENT span for a call of {@code fullMethodName} ({@code package.Service/Method}) through a channel
   * whose authority is {@code authority} ({@code host:port}), a child of the current context; not made
   * current. {@link ActiveSpan#NOOP} on the agent's own threads.
   */
  public static ActiveSpan startClient(String fullMethodName, String authority) {
    return bridge.startClient(fullMethodName, authority);
  }

  /** A SERVER span for a call received, a child of the context propagated in its metadata; not made current. */
  public static <C> ActiveSpan startServer(String fullMethodName, C metadata, HeaderGetter<C> getter) {
    return bridge.startServer(fullMethodName, metadata, getter);
  }

  /** Ends a CLIENT span with the call's status code (an ERROR for any but OK) and its cause, if any. */
  public static void endClient(ActiveSpan span, int statusCode, Throwable cause) {
    if (span != null && span != ActiveSpan.NOOP) {
      bridge.endClient(span, statusCode, cause);
    }
  }

  /** Ends a SERVER span with the call's status code (the server's rule for errors) and its cause, if any. */
  public static void endServer(ActiveSpan span, int statusCode, Throwable cause) {
    if (span != null && span != ActiveSpan.NOOP) {
      bridge.endServer(span, statusCode, cause);
    }
  }
}
