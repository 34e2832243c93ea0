package io.spanwise.instrumentation.httpclient.okhttp;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.instrumentation.httpclient.HttpClientTracing;
import net.bytebuddy.asm.Advice;
import okhttp3.Request;
import okhttp3.Response;

/**
 * {@code proceed(request)} of an OkHttp interceptor chain; only the chain at index 0 (the call's first,
 * before the application's interceptors) is a call: a CLIENT span, current while the call runs, and the
 * request passed on carries the propagation headers.
 */
public final class OkHttpChainAdvice {
  private OkHttpChainAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static ActiveSpan enter(
      @Advice.FieldValue("index") int index,
      @Advice.Argument(value = 0, readOnly = false) Request request) {
    if (index != 0 || request == null) {
      return ActiveSpan.NOOP;
    }
    ActiveSpan span = HttpClientTracing.startSpan(request.method(), request.url().uri());
    if (span != ActiveSpan.NOOP) {
      OkHttpHeaders headers = new OkHttpHeaders(request);
      HttpClientTracing.inject(span, headers, headers);
      request = headers.request();
      span.activate();
    }
    return span;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Return Response response,
      @Advice.Thrown Throwable error,
      @Advice.Enter ActiveSpan span) {
    if (span != ActiveSpan.NOOP) {
      HttpClientTracing.end(span, response == null ? 0 : response.code(), error);
    }
  }
}
