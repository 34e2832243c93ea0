package io.spanwise.instrumentation.httpclient;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.Tracing;
import java.net.http.HttpRequest;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.asm.Advice;

/**
 * {@code HttpClient.sendAsync}: the span starts here and ends when the returned future completes. The
 * span is current only during the call, so stages the application chains on the future afterwards
 * belong to the caller's context, not to the CLIENT span.
 */
public final class JavaHttpClientSendAsyncAdvice {
  private JavaHttpClientSendAsyncAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.Argument(value = 0, readOnly = false) HttpRequest request,
      @Advice.Local("spanwiseSpan") ActiveSpan span,
      @Advice.Local("spanwiseScope") ContextScope scope,
      @Advice.Local("spanwiseMachinery") boolean machinery) {
    if (request == null) {
      return;
    }
    span = Tracing.startHttpClientSpan(request.method(), request.uri());
    if (span != null) {
      request = (HttpRequest) Tracing.httpClientRequestWithHeaders(span, request);
      scope = span.makeCurrent();
      // The client's own CompletableFuture stages and tasks are machinery: no context is remembered for
      // each of them (dozens per call), and its threads run none; stages the caller chains on the
      // returned future still get the caller's context.
      machinery = Tracing.enterExecutorMachinery();
    }
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Return CompletableFuture<?> future,
      @Advice.Thrown Throwable error,
      @Advice.Local("spanwiseSpan") ActiveSpan span,
      @Advice.Local("spanwiseScope") ContextScope scope,
      @Advice.Local("spanwiseMachinery") boolean machinery) {
    Tracing.exitExecutorMachinery(machinery);
    if (scope != null) {
      scope.close();
    }
    if (span == null) {
      return;
    }
    if (error != null || future == null) {
      Tracing.endHttpClientSpan(span, 0, error);
    } else {
      Tracing.endHttpClientSpanWhenDone(span, future);
    }
  }
}
