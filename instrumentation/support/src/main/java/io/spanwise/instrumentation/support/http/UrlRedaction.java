package io.spanwise.instrumentation.support.http;

import java.util.Set;

/**
 * Keeps secrets out of span attributes: the values of sensitive query parameters become
 * {@code REDACTED}, and so do the user name and password of a URL ({@code url.full} of a CLIENT span). The list (case-insensitive) is the OpenTelemetry semantic conventions' default
 * (AWSAccessKeyId, Signature, sig, X-Goog-Signature) plus common credential names.
 */
public final class UrlRedaction {
  static final String REDACTED = "REDACTED";

  /** Documented in the README; parameter names compared case-insensitively. */
  public static final Set<String> SENSITIVE_PARAMETERS = Set.of(
      "awsaccesskeyid", "signature", "sig", "x-goog-signature", "x-amz-signature", "x-amz-credential",
      "x-amz-security-token", "password", "passwd", "pwd", "secret", "client_secret", "token",
      "access_token", "refresh_token", "id_token", "auth", "authorization", "api_key", "apikey", "api-key",
      "key", "session", "sessionid", "jsessionid", "code");

  private static final String[] SENSITIVE = SENSITIVE_PARAMETERS.toArray(new String[0]);
  private static final int LONGEST_SENSITIVE =
      SENSITIVE_PARAMETERS.stream().mapToInt(String::length).max().orElse(0);

  private UrlRedaction() {}

  /** The query with sensitive values replaced; returns the same instance when nothing is sensitive. */
  public static String redactQuery(String query) {
    if (query == null || query.isEmpty()) {
      return query;
    }
    StringBuilder out = null;
    int start = 0;
    while (start <= query.length()) {
      int end = query.indexOf('&', start);
      if (end < 0) {
        end = query.length();
      }
      int eq = query.indexOf('=', start);
      if (eq > start && eq < end && isSensitive(query, start, eq)) {
        if (out == null) {
          out = new StringBuilder(query.length()).append(query, 0, start);
        }
        out.append(query, start, eq + 1).append(REDACTED);
      } else if (out != null) {
        out.append(query, start, end);
      }
      if (end < query.length() && out != null) {
        out.append('&');
      }
      start = end + 1;
    }
    return out == null ? query : out.toString();
  }

  /**
   * {@code url.full} for an outgoing request: the URI as given, with {@code user:password@} replaced by
   * {@code REDACTED:REDACTED@} and sensitive query values by {@code REDACTED} (the semantic conventions'
   * rule). Returns {@code uri.toString()} unchanged when there is nothing to hide.
   */
  public static String redactUrl(java.net.URI uri) {
    String rawQuery = uri.getRawQuery();
    String query = redactQuery(rawQuery);
    if (uri.getRawUserInfo() == null && query == rawQuery) {
      return uri.toString();
    }
    if (uri.getHost() == null) {
      // an authority the URI class could not split into host and port: nothing safe to rebuild from
      return uri.getScheme() + "://REDACTED";
    }
    StringBuilder out = new StringBuilder(uri.toString().length() + 16);
    out.append(uri.getScheme()).append("://");
    if (uri.getRawUserInfo() != null) {
      out.append("REDACTED:REDACTED@");
    }
    out.append(uri.getHost());
    if (uri.getPort() >= 0) {
      out.append(':').append(uri.getPort());
    }
    if (uri.getRawPath() != null) {
      out.append(uri.getRawPath());
    }
    if (query != null) {
      out.append('?').append(query);
    }
    if (uri.getRawFragment() != null) {
      out.append('#').append(uri.getRawFragment());
    }
    return out.toString();
  }

  /**
   * Whether {@code query[start, end)} is a sensitive name, compared in place: a query is redacted on every
   * outgoing request, and a copy of each parameter's name (and its lower-case copy) was most of what
   * that cost.
   */
  private static boolean isSensitive(String query, int start, int end) {
    int length = end - start;
    if (length > LONGEST_SENSITIVE) {
      return false;
    }
    for (String name : SENSITIVE) {
      if (name.length() == length && query.regionMatches(true, start, name, 0, length)) {
        return true;
      }
    }
    return false;
  }
}
