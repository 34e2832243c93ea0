package io.spanwise.instrumentation.jdbc.agent;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The analysis of prepared SQL, by text: an application prepares the same few statements over and over
 * (often once per request, on a new statement object each time), and a prepared statement's text holds
 * placeholders, not values, so there are few of them. Texts longer than {@value #MAX_LENGTH} characters
 * are analysed every time; each dialect's map is emptied if it ever holds {@value #MAX_ENTRIES} texts.
 * Plain statements are not cached: their texts carry the literals and rarely repeat.
 */
final class SqlStatementCache {
  static final int MAX_LENGTH = 2048;
  static final int MAX_ENTRIES = 1000;

  private static final Map<SqlDialect, Map<String, SqlStatementInfo>> SANITIZED = maps();
  private static final Map<SqlDialect, Map<String, SqlStatementInfo>> RAW = maps();

  private SqlStatementCache() {}

  static SqlStatementInfo analyze(String sql, boolean sanitize, SqlDialect dialect) {
    if (sql.length() > MAX_LENGTH) {
      return SqlSanitizer.analyze(sql, sanitize, dialect);
    }
    Map<String, SqlStatementInfo> cache = (sanitize ? SANITIZED : RAW).get(dialect);
    SqlStatementInfo info = cache.get(sql);
    if (info == null) {
      info = SqlSanitizer.analyze(sql, sanitize, dialect);
      if (cache.size() >= MAX_ENTRIES) {
        cache.clear();
      }
      cache.put(sql, info);
    }
    return info;
  }

  private static Map<SqlDialect, Map<String, SqlStatementInfo>> maps() {
    Map<SqlDialect, Map<String, SqlStatementInfo>> maps = new EnumMap<>(SqlDialect.class);
    for (SqlDialect dialect : SqlDialect.values()) {
      maps.put(dialect, new ConcurrentHashMap<>());
    }
    return maps;
  }
}
