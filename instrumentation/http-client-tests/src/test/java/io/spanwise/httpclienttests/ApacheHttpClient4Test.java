package io.spanwise.httpclienttests;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.RequestBuilder;
import org.apache.http.conn.HttpHostConnectException;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;
import org.junit.jupiter.api.AfterAll;

class ApacheHttpClient4Test extends HttpClientContract {
  private static final CloseableHttpClient CLIENT = HttpClients.createDefault();

  @AfterAll
  static void close() throws Exception {
    CLIENT.close();
  }

  @Override
  int call(String method, URI uri, Map<String, String> headers, String body) throws Exception {
    RequestBuilder builder = RequestBuilder.create(method).setUri(uri);
    headers.forEach(builder::addHeader);
    if (body != null) {
      builder.setEntity(new StringEntity(body));
    }
    try (CloseableHttpResponse response = CLIENT.execute(builder.build())) {
      EntityUtils.consume(response.getEntity());
      return response.getStatusLine().getStatusCode();
    }
  }

  @Override
  int callWithTimeout(URI uri, Duration timeout) throws Exception {
    RequestConfig config = RequestConfig.custom().setSocketTimeout((int) timeout.toMillis()).build();
    try (CloseableHttpResponse response = CLIENT.execute(RequestBuilder.get(uri).setConfig(config).build())) {
      return response.getStatusLine().getStatusCode();
    }
  }

  @Override
  Class<? extends Throwable> refusedException() {
    return HttpHostConnectException.class;
  }

  @Override
  Class<? extends Throwable> unknownHostException() {
    return UnknownHostException.class;
  }

  @Override
  Class<? extends Throwable> timeoutException() {
    return SocketTimeoutException.class;
  }
}
