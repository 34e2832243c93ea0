package io.spanwise.instrumentation.httpclient;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.instrumentation.httpclient.HttpClientTracing;
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
  public static ActiveSpan enter(
      @Advice.Argument(0) HttpHost target,
      @Advice.Argument(1) HttpRequest request) {
    if (request == null) {
      return ActiveSpan.NOOP;
    }
    URI uri = request instanceof HttpUriRequest
        ? ((HttpUriRequest) request).getURI() : URI.create(request.getRequestLine().getUri());
    if (!uri.isAbsolute() && target != null) {
      uri = URI.create(target.toURI()).resolve(uri); // a relative request sent to the given target
    }
    ActiveSpan span = HttpClientTracing.startSpan(request.getRequestLine().getMethod(), uri);
    HttpClientTracing.inject(span, request, ApacheHttpClient4Headers.INSTANCE);
    return span.activate();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Return HttpResponse response,
      @Advice.Thrown Throwable error,
      @Advice.Enter ActiveSpan span) {
    if (span != ActiveSpan.NOOP) {
      int status = response == null || response.getStatusLine() == null ? 0 : response.getStatusLine().getStatusCode();
      HttpClientTracing.end(span, status, error);
    }
  }
}
