package io.spanwise.instrumentation.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.bootstrap.instrumentation.grpc.GrpcTracing;

/**
 * A SERVER span per call received (helper), a child of the context in its metadata; current while the
 * application's interceptors, the service method and every listener callback run; ended when the call is
 * closed (with its status), cancelled, or when a callback throws (grpc-java then closes it UNKNOWN).
 */
public final class SpanwiseServerInterceptor implements ServerInterceptor {
  public static final SpanwiseServerInterceptor INSTANCE = new SpanwiseServerInterceptor();

  private static final int CANCELLED = 1;
  private static final int UNKNOWN = 2;

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    ActiveSpan span = ActiveSpan.NOOP;
    try {
      span = GrpcTracing.startServer(call.getMethodDescriptor().getFullMethodName(), headers, GrpcMetadata.INSTANCE);
    } catch (Throwable agentBug) {
      Tracing.adviceFailed(agentBug);
    }
    if (span == ActiveSpan.NOOP) {
      return next.startCall(call, headers);
    }
    ServerCall.Listener<ReqT> listener;
    try (ContextScope ignored = span.makeCurrent()) {
      listener = next.startCall(new TracedServerCall<>(call, span), headers);
    } catch (RuntimeException | Error e) {
      GrpcTracing.endServer(span, UNKNOWN, e);
      throw e;
    }
    return new TracedServerListener<>(listener, span);
  }

  static final class TracedServerCall<ReqT, RespT> extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {
    private final ActiveSpan span;

    TracedServerCall(ServerCall<ReqT, RespT> delegate, ActiveSpan span) {
      super(delegate);
      this.span = span;
    }

    @Override
    public void close(Status status, Metadata trailers) {
      try {
        super.close(status, trailers);
      } finally {
        GrpcTracing.endServer(span, status.getCode().value(), status.getCause());
      }
    }
  }

  static final class TracedServerListener<ReqT> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<ReqT> {
    private final ActiveSpan span;

    TracedServerListener(ServerCall.Listener<ReqT> delegate, ActiveSpan span) {
      super(delegate);
      this.span = span;
    }

    @Override
    public void onMessage(ReqT message) {
      try (ContextScope ignored = span.makeCurrent()) {
        super.onMessage(message);
      } catch (RuntimeException | Error e) {
        GrpcTracing.endServer(span, UNKNOWN, e);
        throw e;
      }
    }

    @Override
    public void onHalfClose() {
      try (ContextScope ignored = span.makeCurrent()) {
        super.onHalfClose();
      } catch (RuntimeException | Error e) {
        GrpcTracing.endServer(span, UNKNOWN, e);
        throw e;
      }
    }

    @Override
    public void onReady() {
      try (ContextScope ignored = span.makeCurrent()) {
        super.onReady();
      } catch (RuntimeException | Error e) {
        GrpcTracing.endServer(span, UNKNOWN, e);
        throw e;
      }
    }

    @Override
    public void onCancel() {
      try (ContextScope ignored = span.makeCurrent()) {
        super.onCancel();
      } finally {
        GrpcTracing.endServer(span, CANCELLED, null);
      }
    }

    @Override
    public void onComplete() {
      try (ContextScope ignored = span.makeCurrent()) {
        super.onComplete();
      }
    }
  }
}
