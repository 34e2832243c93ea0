package io.spanwise.httpclienttests;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.Request;

/** The HTTP client contract for Jetty's client, one way of sending a request per subclass. */
abstract class JettyClientContract extends HttpClientContract {

  /** Sends the request as the application would: the status, or the failure the application got. */
  abstract int send(Request request) throws Exception;

  @Override
  int call(String method, URI uri, Map<String, String> headers, String body) throws Exception {
    return send(JettyCalls.request(JettyCalls.CLIENT, method, uri, headers, body));
  }

  @Override
  int callWithTimeout(URI uri, Duration timeout) throws Exception {
    return send(JettyCalls.withTimeout(JettyCalls.request(JettyCalls.CLIENT, "GET", uri, Map.of(), null), timeout));
  }

  @Override
  Class<? extends Throwable> refusedException() {
    return ConnectException.class;
  }

  @Override
  Class<? extends Throwable> unknownHostException() {
    return UnknownHostException.class;
  }

  @Override
  Class<? extends Throwable> timeoutException() {
    return TimeoutException.class;
  }
}
