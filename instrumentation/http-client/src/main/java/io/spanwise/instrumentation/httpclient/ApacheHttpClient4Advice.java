package io.spanwise.instrumentation.httpclient;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.Tracing;
import java.net.URI;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.HttpResponse;
import org.apache.http.client.methods.HttpUriRequest;
import net.bytebuddy.asm.Advice;

/** Apache HttpClient 4.x {@code CloseableHttpClient.doExecute(target, request, context)}. */
public final class ApacheHttpClient4Advice {
  private ApacheHttpClient4Advice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.Argument(0) HttpHost target,
      @Advice.Argument(1) HttpRequest request,
      @Advice.Local("spanwiseSpan") ActiveSpan span,
      @Advice.Local("spanwiseScope") ContextScope scope) {
    if (request == null) {
      return;
    }
    URI uri = request instanceof HttpUriRequest
        ? ((HttpUriRequest) request).getURI() : URI.create(request.getRequestLine().getUri());
    if (!uri.isAbsolute() && target != null) {
      uri = URI.create(target.toURI()).resolve(uri); // a relative request sent to the given target
    }
    span = Tracing.startHttpClientSpan(request.getRequestLine().getMethod(), uri);
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
      int status = response == null || response.getStatusLine() == null ? 0 : response.getStatusLine().getStatusCode();
      Tracing.endHttpClientSpan(span, status, error);
    }
  }
}
