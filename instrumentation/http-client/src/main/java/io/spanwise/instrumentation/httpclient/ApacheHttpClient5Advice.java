package io.spanwise.instrumentation.httpclient;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.Tracing;
import java.net.URI;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpResponse;

/** Apache HttpClient 5.x classic {@code CloseableHttpClient.doExecute(target, request, context)}. */
public final class ApacheHttpClient5Advice {
  private ApacheHttpClient5Advice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.Argument(0) HttpHost target,
      @Advice.Argument(1) ClassicHttpRequest request,
      @Advice.Local("spanwiseSpan") ActiveSpan span,
      @Advice.Local("spanwiseScope") ContextScope scope) throws Exception {
    if (request == null) {
      return;
    }
    URI uri = request.getUri();
    if (!uri.isAbsolute() && target != null) {
      uri = URI.create(target.toURI()).resolve(uri); // a request with a path only, sent to the target
    }
    span = Tracing.startHttpClientSpan(request.getMethod(), uri);
    if (span != null) {
      String[] headers = Tracing.httpClientHeaders(span);
      for (int i = 0; i + 1 < headers.length; i += 2) {
        if (!request.containsHeader(headers[i])) { // the application's own header wins
          request.setHeader(headers[i], headers[i + 1]);
        }
      }
      scope = span.makeCurrent();
    }
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Return HttpResponse response,
      @Advice.Thrown Throwable error,
      @Advice.Local("spanwiseSpan") ActiveSpan span,
      @Advice.Local("spanwiseScope") ContextScope scope) {
    if (scope != null) {
      scope.close();
    }
    if (span != null) {
      Tracing.endHttpClientSpan(span, response == null ? 0 : response.getCode(), error);
    }
  }
}
