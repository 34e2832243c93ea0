package io.spanwise.core.trace;

import java.util.Locale;
import java.util.Set;

/**
 * Keeps secrets out of span attributes: the values of sensitive query parameters become
 * {@code REDACTED}. The list (case-insensitive) is the OpenTelemetry semantic conventions' default
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
      if (eq > start && eq < end && isSensitive(query.substring(start, eq))) {
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

  private static boolean isSensitive(String name) {
    return SENSITIVE_PARAMETERS.contains(name.toLowerCase(Locale.ROOT));
  }
}
