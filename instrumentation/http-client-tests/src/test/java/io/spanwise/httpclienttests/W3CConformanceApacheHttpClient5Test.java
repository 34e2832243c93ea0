package io.spanwise.httpclienttests;

/** The W3C trace-context and baggage suites' cases, the service calling back with apache-httpclient-5. */
class W3CConformanceApacheHttpClient5Test extends W3CConformanceContract {
  @Override
  String client() {
    return "apache-httpclient-5";
  }
}
