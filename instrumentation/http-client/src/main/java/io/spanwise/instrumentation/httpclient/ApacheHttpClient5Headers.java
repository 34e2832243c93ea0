package io.spanwise.instrumentation.httpclient;

import io.spanwise.bootstrap.api.HeaderSetter;
import org.apache.hc.core5.http.ClassicHttpRequest;

/** Sets a propagation header on an Apache HttpClient 5.x request unless the application set it (helper). */
public final class ApacheHttpClient5Headers implements HeaderSetter<ClassicHttpRequest> {
  public static final ApacheHttpClient5Headers INSTANCE = new ApacheHttpClient5Headers();

  @Override
  public void set(ClassicHttpRequest request, String name, String value) {
    if (!request.containsHeader(name)) { // the application's own header wins
      request.setHeader(name, value);
    }
  }
}
