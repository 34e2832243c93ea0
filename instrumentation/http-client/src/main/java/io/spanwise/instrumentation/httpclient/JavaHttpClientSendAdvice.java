package io.spanwise.instrumentation.httpclient;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.bootstrap.instrumentation.httpclient.HttpClientTracing;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import net.bytebuddy.asm.Advice;

/** {@code HttpClient.send}: a CLIENT span around the call; the request sent carries the headers. */
public final class JavaHttpClientSendAdvice {
  private JavaHttpClientSendAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static ActiveSpan enter(
      @Advice.This HttpClient client,
      @Advice.Argument(value = 0, readOnly = false) HttpRequest request,
      @Advice.Local("spanwiseMachinery") boolean machinery) {
    if (request == null) {
      return ActiveSpan.NOOP; // the client throws its NullPointerException itself
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
      @Advice.Return HttpResponse<?> response,
      @Advice.Thrown Throwable error,
      @Advice.Enter ActiveSpan span,
      @Advice.Local("spanwiseMachinery") boolean machinery) {
    Tracing.exitExecutorMachinery(machinery);
    HttpClientTracing.end(span, response == null ? 0 : response.statusCode(), error);
  }
}
