package io.spanwise.httpclienttests;

/** The W3C trace-context and baggage suites' cases, the service calling back with apache-httpclient-4. */
class W3CConformanceApacheHttpClient4Test extends W3CConformanceContract {
  @Override
  String client() {
    return "apache-httpclient-4";
  }
}
