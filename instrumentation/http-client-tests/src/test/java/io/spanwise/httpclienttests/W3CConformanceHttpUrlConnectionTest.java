package io.spanwise.httpclienttests;

/** The W3C trace-context and baggage suites' cases, the service calling back with http-url-connection. */
class W3CConformanceHttpUrlConnectionTest extends W3CConformanceContract {
  @Override
  String client() {
    return "http-url-connection";
  }
}
