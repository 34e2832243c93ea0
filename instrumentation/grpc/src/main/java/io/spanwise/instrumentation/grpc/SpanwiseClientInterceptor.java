package io.spanwise.instrumentation.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.bootstrap.instrumentation.grpc.GrpcTracing;
import java.util.List;

/**
 * A CLIENT span per call (helper): started when the call is made, its context put into the metadata when
 * the call starts, ended when the call closes, with the status. The application's listener runs in the
 * caller's context (the context current when the call was made), whichever thread delivers it.
 */
public final class SpanwiseClientInterceptor implements ClientInterceptor {
  public static final SpanwiseClientInterceptor INSTANCE = new SpanwiseClientInterceptor();

  private static final int UNKNOWN = 2;

  public static boolean in(List<? extends ClientInterceptor> interceptors) {
    for (ClientInterceptor interceptor : interceptors) {
      if (interceptor instanceof SpanwiseClientInterceptor) {
        return true;
      }
    }
    return false;
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next) {
    ActiveSpan span = ActiveSpan.NOOP;
    try {
      span = GrpcTracing.startClient(method.getFullMethodName(), next.authority());
    } catch (Throwable agentBug) {
      Tracing.adviceFailed(agentBug);
    }
    ClientCall<ReqT, RespT> call = next.newCall(method, callOptions);
    return span == ActiveSpan.NOOP ? call : new TracedCall<>(call, span, Tracing.currentContextOrNull());
  }

  static final class TracedCall<ReqT, RespT> extends ForwardingClientCall.SimpleForwardingClientCall<ReqT, RespT> {
    private final ActiveSpan span;
    private final Object caller;

    TracedCall(ClientCall<ReqT, RespT> delegate, ActiveSpan span, Object caller) {
      super(delegate);
      this.span = span;
      this.caller = caller;
    }

    @Override
    public void start(Listener<RespT> responseListener, Metadata headers) {
      try {
        Tracing.inject(span, headers, GrpcMetadata.INSTANCE);
      } catch (Throwable agentBug) {
        Tracing.adviceFailed(agentBug);
      }
      try {
        super.start(new TracedListener<>(responseListener, span, caller), headers);
      } catch (RuntimeException | Error e) {
        GrpcTracing.endClient(span, UNKNOWN, e);
        throw e;
      }
    }
  }

  static final class TracedListener<RespT>
      extends ForwardingClientCallListener.SimpleForwardingClientCallListener<RespT> {
    private final ActiveSpan span;
    private final Object caller;

    TracedListener(ClientCall.Listener<RespT> delegate, ActiveSpan span, Object caller) {
      super(delegate);
      this.span = span;
      this.caller = caller;
    }

    @Override
    public void onHeaders(Metadata headers) {
      try (ContextScope ignored = Tracing.attach(caller)) {
        super.onHeaders(headers);
      }
    }

    @Override
    public void onMessage(RespT message) {
      try (ContextScope ignored = Tracing.attach(caller)) {
        super.onMessage(message);
      }
    }

    @Override
    public void onReady() {
      try (ContextScope ignored = Tracing.attach(caller)) {
        super.onReady();
      }
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      try {
        GrpcTracing.endClient(span, status.getCode().value(), status.getCause());
      } catch (Throwable agentBug) {
        Tracing.adviceFailed(agentBug);
      }
      try (ContextScope ignored = Tracing.attach(caller)) {
        super.onClose(status, trailers);
      }
    }
  }
}
