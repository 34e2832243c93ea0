package io.spanwise.instrumentation.httpclient;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.instrumentation.httpclient.HttpClientTracing;
import java.net.URI;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpResponse;

/** Apache HttpClient 5.x classic {@code CloseableHttpClient.doExecute(target, request, context)}. */
public final class ApacheHttpClient5Advice {
  private ApacheHttpClient5Advice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static ActiveSpan enter(
      @Advice.Argument(0) HttpHost target,
      @Advice.Argument(1) ClassicHttpRequest request) throws Exception {
    if (request == null) {
      return ActiveSpan.NOOP;
    }
    URI uri = request.getUri();
    if (!uri.isAbsolute() && target != null) {
      uri = URI.create(target.toURI()).resolve(uri); // a request with a path only, sent to the target
    }
    ActiveSpan span = HttpClientTracing.startSpan(request.getMethod(), uri);
    HttpClientTracing.inject(span, request, ApacheHttpClient5Headers.INSTANCE);
    return span.activate();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Return HttpResponse response,
      @Advice.Thrown Throwable error,
      @Advice.Enter ActiveSpan span) {
    if (span != ActiveSpan.NOOP) {
      HttpClientTracing.end(span, response == null ? 0 : response.getCode(), error);
    }
  }
}
