package io.spanwise.instrumentation.grpc.agent;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.HeaderGetter;
import io.spanwise.bootstrap.instrumentation.grpc.GrpcBridge;
import io.spanwise.instrumentation.spi.AgentSpan;
import io.spanwise.instrumentation.spi.InstrumentationContext;
import io.spanwise.instrumentation.support.HostNames;
import io.spanwise.instrumentation.support.ServerAttributes;

/**
 * gRPC spans per the OpenTelemetry semantic conventions for RPC: CLIENT and SERVER
 * {@code "{package.Service}/{Method}"}, {@code rpc.system=grpc}, {@code rpc.service}, {@code rpc.method},
 * {@code rpc.grpc.status_code}, {@code server.address} and {@code server.port} (client side, from the
 * channel's authority). A client span is an ERROR for any status but OK; a server span for UNKNOWN,
 * DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL, UNAVAILABLE and DATA_LOSS (the caller's mistakes are not
 * the server's errors). {@code error.type} is the status code's name.
 */
public final class GrpcTracer implements GrpcBridge {
  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("rpc.system");
  static final AttributeKey<String> SERVICE = AttributeKey.stringKey("rpc.service");
  static final AttributeKey<String> METHOD = AttributeKey.stringKey("rpc.method");
  static final AttributeKey<Long> STATUS_CODE = AttributeKey.longKey("rpc.grpc.status_code");

  /** grpc-java's {@code Status.Code} names by value (stable: the gRPC protocol's codes). */
  private static final String[] CODE_NAMES = {
      "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
      "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
      "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};

  private final Tracer tracer;
  private final InstrumentationContext context;

  public GrpcTracer(InstrumentationContext context) {
    this.tracer = context.tracer();
    this.context = context;
  }

  @Override
  public ActiveSpan startClient(String fullMethodName, String authority) {
    if (context.isAgentThread() || fullMethodName == null) {
      return ActiveSpan.NOOP;
    }
    Context parent = Context.current();
    SpanBuilder builder = builder(fullMethodName, SpanKind.CLIENT).setParent(parent);
    if (authority != null) {
      int colon = authority.lastIndexOf(':');
      String host = authority;
      if (colon > 0 && authority.indexOf(']', colon) < 0) {
        host = authority.substring(0, colon);
        try {
          builder.setAttribute(ServerAttributes.SERVER_PORT, Long.parseLong(authority.substring(colon + 1)));
        } catch (NumberFormatException notAPort) {
          host = authority;
        }
      }
      builder.setAttribute(ServerAttributes.SERVER_ADDRESS, HostNames.withoutBrackets(host));
    }
    return new AgentSpan(builder.startSpan(), parent);
  }

  @Override
  public <C> ActiveSpan startServer(String fullMethodName, C metadata, HeaderGetter<C> getter) {
    if (fullMethodName == null) {
      return ActiveSpan.NOOP;
    }
    Context parent = metadata == null ? Context.root() : context.extract(Context.root(), metadata, getter);
    Span span = builder(fullMethodName, SpanKind.SERVER).setParent(parent).startSpan();
    return new AgentSpan(span, parent);
  }

  private SpanBuilder builder(String fullMethodName, SpanKind kind) {
    int slash = fullMethodName.lastIndexOf('/');
    SpanBuilder builder = tracer.spanBuilder(fullMethodName).setSpanKind(kind).setAttribute(SYSTEM, "grpc");
    if (slash > 0) {
      builder.setAttribute(SERVICE, fullMethodName.substring(0, slash))
          .setAttribute(METHOD, fullMethodName.substring(slash + 1));
    }
    return builder;
  }

  @Override
  public void endClient(ActiveSpan span, int statusCode, Throwable cause) {
    end(span, statusCode, cause, statusCode != 0);
  }

  @Override
  public void endServer(ActiveSpan span, int statusCode, Throwable cause) {
    end(span, statusCode, cause, isServerError(statusCode));
  }

  static boolean isServerError(int code) {
    switch (code) {
      case 2: // UNKNOWN
      case 4: // DEADLINE_EXCEEDED
      case 12: // UNIMPLEMENTED
      case 13: // INTERNAL
      case 14: // UNAVAILABLE
      case 15: // DATA_LOSS
        return true;
      default:
        return false;
    }
  }

  private static void end(ActiveSpan active, int statusCode, Throwable cause, boolean error) {
    if (!(active instanceof AgentSpan)) {
      return;
    }
    AgentSpan span = (AgentSpan) active;
    synchronized (span) { // a server call's close and its cancellation may race
      if (span.isEnded()) {
        return;
      }
      finish(span, statusCode, cause, error);
    }
  }

  private static void finish(AgentSpan span, int statusCode, Throwable cause, boolean error) {
    span.span().setAttribute(STATUS_CODE, (long) statusCode);
    if (cause != null) {
      span.span().recordException(cause);
    }
    if (error) {
      span.markError(statusCode >= 0 && statusCode < CODE_NAMES.length
          ? CODE_NAMES[statusCode] : Integer.toString(statusCode));
    }
    span.end();
  }
}
