package io.spanwise.instrumentation.httpclient;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.Tracing;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import net.bytebuddy.asm.Advice;

/** {@code HttpClient.send}: a CLIENT span around the call; the request sent carries the headers. */
public final class JavaHttpClientSendAdvice {
  private JavaHttpClientSendAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.Argument(value = 0, readOnly = false) HttpRequest request,
      @Advice.Local("spanwiseSpan") ActiveSpan span,
      @Advice.Local("spanwiseScope") ContextScope scope,
      @Advice.Local("spanwiseMachinery") boolean machinery) {
    if (request == null) {
      return; // the client throws its NullPointerException itself
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
      @Advice.Return HttpResponse<?> response,
      @Advice.Thrown Throwable error,
      @Advice.Local("spanwiseSpan") ActiveSpan span,
      @Advice.Local("spanwiseScope") ContextScope scope,
      @Advice.Local("spanwiseMachinery") boolean machinery) {
    Tracing.exitExecutorMachinery(machinery);
    if (scope != null) {
      scope.close();
    }
    if (span != null) {
      Tracing.endHttpClientSpan(span, response == null ? 0 : response.statusCode(), error);
    }
  }
}
