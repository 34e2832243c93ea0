package org.example.httpapp;

import java.io.IOException;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;

/**
 * An application's own Apache HttpClient 5 (its library classes with {@code doExecute} are final or
 * package-private): a subclass of {@code CloseableHttpClient}, loaded first, over the default client.
 */
public class AuditingHttpClient5 extends CloseableHttpClient {
  private final CloseableHttpClient inner = HttpClients.createDefault();

  @Override
  protected CloseableHttpResponse doExecute(HttpHost target, ClassicHttpRequest request, HttpContext context)
      throws IOException {
    return inner.execute(target, request, context);
  }

  @Override
  public void close() throws IOException {
    inner.close();
  }

  @Override
  public void close(CloseMode mode) {
    inner.close(mode);
  }
}
