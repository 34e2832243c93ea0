package org.example.httpapp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.ToIntFunction;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.http.HttpResponse;

/** The application's GETs: {@code applyAsInt("4 " + url)} through its client 4, {@code "5 " + url} through 5. */
public final class Gets implements ToIntFunction<String>, AutoCloseable {
  private final AuditingHttpClient4 client4 = new AuditingHttpClient4();
  private final AuditingHttpClient5 client5 = new AuditingHttpClient5();

  @Override
  public int applyAsInt(String versionAndUrl) {
    String url = versionAndUrl.substring(2);
    try {
      if (versionAndUrl.startsWith("4 ")) {
        HttpResponse response = client4.execute(new org.apache.http.client.methods.HttpGet(url));
        org.apache.http.util.EntityUtils.consume(response.getEntity());
        return response.getStatusLine().getStatusCode();
      }
      try (CloseableHttpResponse response = client5.execute(new HttpGet(url))) {
        EntityUtils.consume(response.getEntity());
        return response.getCode();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  @SuppressWarnings("deprecation")
  public void close() throws IOException {
    client4.getConnectionManager().shutdown();
    client5.close();
  }
}
