package io.spanwise.instrumentation.httpclient;

import io.spanwise.bootstrap.api.HeaderSetter;
import org.apache.http.HttpRequest;

/** Sets a propagation header on an Apache HttpClient 4.x request unless the application set it (helper). */
public final class ApacheHttpClient4Headers implements HeaderSetter<HttpRequest> {
  public static final ApacheHttpClient4Headers INSTANCE = new ApacheHttpClient4Headers();

  @Override
  public void set(HttpRequest request, String name, String value) {
    if (!request.containsHeader(name)) { // the application's own header wins
      request.setHeader(name, value);
    }
  }
}
