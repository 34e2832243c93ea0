package io.spanwise.instrumentation.support.http;

import io.opentelemetry.api.common.AttributeKey;
import java.util.Set;

/**
 * The HTTP semantic conventions (stable names) shared by server and client spans: attribute keys and the
 * known methods.
 */
public final class HttpAttributes {
  public static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  public static final AttributeKey<String> METHOD_ORIGINAL = AttributeKey.stringKey("http.request.method_original");
  public static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  public static final AttributeKey<Long> STATUS_CODE = AttributeKey.longKey("http.response.status_code");
  public static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
  public static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  public static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
  public static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
  public static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
  public static final AttributeKey<String> USER_AGENT = AttributeKey.stringKey("user_agent.original");
  public static final AttributeKey<String> PROTOCOL_VERSION = AttributeKey.stringKey("network.protocol.version");

  /** The methods recorded as they are; any other is {@code _OTHER} (with the original in its own key). */
  public static final Set<String> KNOWN_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "QUERY");

  /** What {@code http.request.method} records for a method that is not known. */
  public static final String OTHER_METHOD = "_OTHER";

  private HttpAttributes() {}

  private static final Long[] STATUS_CODES = new Long[600];

  /**
   * A status code as the attribute's value: the codes 100 to 599 are boxed once each (above
   * {@code Long}'s own cache of small values, each span's would be a new object).
   */
  public static Long statusCode(int code) {
    if (code < 0 || code >= STATUS_CODES.length) {
      return (long) code;
    }
    Long boxed = STATUS_CODES[code];
    if (boxed == null) {
      boxed = (long) code;
      STATUS_CODES[code] = boxed;
    }
    return boxed;
  }

  public static boolean isKnownMethod(String method) {
    return method != null && KNOWN_METHODS.contains(method);
  }
}
