package io.spanwise.httpclienttests;

/** The W3C trace-context and baggage suites' cases, the service calling back with java-http-client. */
class W3CConformanceJavaHttpClientTest extends W3CConformanceContract {
  @Override
  String client() {
    return "java-http-client";
  }
}
