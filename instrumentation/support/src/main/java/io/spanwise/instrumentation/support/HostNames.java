package io.spanwise.instrumentation.support;

/** Host names as the semantic conventions record them in {@code server.address}. */
public final class HostNames {
  private HostNames() {}

  /** An IPv6 literal without the brackets a URL puts around it; any other host as it is. */
  public static String withoutBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
