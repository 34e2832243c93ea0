package io.spanwise.instrumentation.jdbc.agent;

import java.util.Locale;

/**
 * What the sanitizer must know about a database's SQL to find every literal. In MySQL and MariaDB
 * (without ANSI_QUOTES) {@code "..."} is a string, not a name, and {@code #} starts a comment: read as
 * standard SQL, their values would reach the span.
 */
public enum SqlDialect {
  STANDARD,
  MYSQL;

  /** The dialect for a {@code db.system.name}. */
  public static SqlDialect forSystem(String dbSystemName) {
    if (dbSystemName == null) {
      return STANDARD;
    }
    String system = dbSystemName.toLowerCase(Locale.ROOT);
    return system.equals("mysql") || system.equals("mariadb") ? MYSQL : STANDARD;
  }
}
