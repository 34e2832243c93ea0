package io.spanwise.instrumentation.httpclient;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.bootstrap.instrumentation.httpclient.HttpClientTracing;
import java.net.http.HttpClient;
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
  public static ActiveSpan enter(
      @Advice.This HttpClient client,
      @Advice.Argument(value = 0, readOnly = false) HttpRequest request,
      @Advice.Local("spanwiseMachinery") boolean machinery) {
    if (request == null) {
      return ActiveSpan.NOOP;
    }
    ActiveSpan span = HttpClientTracing.startSpan(request.method(), request.uri());
    if (span != ActiveSpan.NOOP) {
      request = (HttpRequest) HttpClientTracing.withHeaders(span, request, client);
      span.activate();
      // The client's own CompletableFuture stages and tasks are machinery: no context is remembered for
      // each of them (dozens per call), and its threads run none; stages the caller chains on the
      // returned future still get the caller's context.
      machinery = Tracing.enterExecutorMachinery();
    }
    return span;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Return CompletableFuture<?> future,
      @Advice.Thrown Throwable error,
      @Advice.Enter ActiveSpan span,
      @Advice.Local("spanwiseMachinery") boolean machinery) {
    Tracing.exitExecutorMachinery(machinery);
    if (error != null || future == null) {
      HttpClientTracing.end(span, 0, error);
    } else {
      HttpClientTracing.endWhenDone(span, future);
    }
  }
}
