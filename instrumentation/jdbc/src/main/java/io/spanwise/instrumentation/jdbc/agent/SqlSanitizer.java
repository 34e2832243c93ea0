package io.spanwise.instrumentation.jdbc.agent;

/**
 * Turns a SQL statement into what a database CLIENT span records: the query text with literals replaced
 * by {@code ?}, the operation and the single table it works on. One hand-written pass over the
 * characters, no regular expressions; it never throws and never returns null. The rules (what is a
 * literal, what is kept, which dialect quirks are understood) are listed in docs/architecture.md.
 */
public final class SqlSanitizer {
  /** Longest db.query.text kept; longer text is cut here (documented in the README). */
  public static final int MAX_QUERY_LENGTH = 8192;

  private SqlSanitizer() {}

  /** Never throws, never returns null; sql may be null. Standard SQL quoting. */
  public static SqlStatementInfo analyze(String sql, boolean sanitize) {
    return analyze(sql, sanitize, SqlDialect.STANDARD);
  }

  /** As {@link #analyze(String, boolean)}, reading quotes and comments the way {@code dialect} does. */
  public static SqlStatementInfo analyze(String sql, boolean sanitize, SqlDialect dialect) {
    if (sql == null) {
      return SqlStatementInfo.NULL;
    }
    try {
      return new SqlScanner(sql, sanitize, dialect).run();
    } catch (RuntimeException bug) {
      // A bug in the scanner must not reach the application, nor may it let an unsanitized text through.
      return new SqlStatementInfo(sanitize ? "?" : cut(sql), null, null);
    }
  }

  /** The text itself when short enough, else its first characters followed by "...". */
  static String cut(String text) {
    if (text.length() <= MAX_QUERY_LENGTH) {
      return text;
    }
    return text.substring(0, cutPoint(text)).concat("...");
  }

  /** Where to cut a text longer than the maximum so that it ends in "..." and no surrogate pair is split. */
  static int cutPoint(CharSequence text) {
    int end = MAX_QUERY_LENGTH - 3;
    return Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end;
  }
}
