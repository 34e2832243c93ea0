package io.spanwise.instrumentation.jdbc.agent;

/**
 * The SQL words the scanner cares about, each with an id and flags. Lookup is case-insensitive, ASCII
 * only, and allocates nothing.
 */
final class SqlKeywords {
  /** Starts a statement: reported as db.operation.name. */
  static final int OP = 1;
  /** The main statement after a WITH clause. */
  static final int WITH_MAIN = 1 << 1;
  /** An expression may follow: a '-' after it is the sign of a number, not a subtraction. */
  static final int EXPR = 1 << 2;
  /** Joins a second table into a FROM clause. */
  static final int JOIN = 1 << 3;
  /** Ends the table part of a statement (WHERE, SET, ORDER, ...). */
  static final int CLAUSE_END = 1 << 4;
  /** Never a table name where one is expected. */
  static final int RESERVED = 1 << 5;

  private static final int CAPACITY = 160;
  private static final String[] NAMES = new String[CAPACITY];
  private static final int[] FLAGS = new int[CAPACITY];
  private static int count = 1; // 0 means "not a keyword"

  private static int kw(String name, int flags) {
    int id = count++;
    NAMES[id] = name;
    FLAGS[id] = flags;
    return id;
  }

  // Statements.
  static final int SELECT = kw("SELECT", OP | WITH_MAIN | EXPR | RESERVED);
  static final int INSERT = kw("INSERT", OP | WITH_MAIN | RESERVED);
  static final int UPDATE = kw("UPDATE", OP | WITH_MAIN | RESERVED);
  static final int DELETE = kw("DELETE", OP | WITH_MAIN | RESERVED);
  static final int MERGE = kw("MERGE", OP | WITH_MAIN);
  static final int UPSERT = kw("UPSERT", OP | WITH_MAIN);
  static final int REPLACE = kw("REPLACE", OP);
  static final int CALL = kw("CALL", OP);
  static final int EXEC = kw("EXEC", OP);
  static final int EXECUTE = kw("EXECUTE", OP);
  static final int CREATE = kw("CREATE", OP | RESERVED);
  static final int DROP = kw("DROP", OP | RESERVED);
  static final int ALTER = kw("ALTER", OP | RESERVED);
  static final int TRUNCATE = kw("TRUNCATE", OP | RESERVED);
  static final int WITH = kw("WITH", RESERVED);
  static final int VALUES = kw("VALUES", OP | EXPR | RESERVED);
  static final int SET = kw("SET", OP | EXPR | CLAUSE_END | RESERVED);
  static final int FETCH = kw("FETCH", OP | CLAUSE_END);
  static final int ROLLBACK = kw("ROLLBACK", OP);
  static final int ABORT = kw("ABORT", OP);

  static {
    for (String op : new String[] {"BEGIN", "START", "COMMIT", "SAVEPOINT", "RELEASE", "SHOW", "USE",
        "GRANT", "REVOKE", "EXPLAIN", "DESCRIBE", "DESC", "COPY", "LOCK", "UNLOCK", "ANALYZE", "VACUUM",
        "DECLARE", "PREPARE", "DEALLOCATE", "CLOSE", "LISTEN", "NOTIFY", "COMMENT", "RENAME", "REFRESH",
        "CHECKPOINT", "END", "DO", "LOAD", "CLUSTER", "REINDEX", "DISCARD", "RESET", "OPTIMIZE",
        "FLUSH", "KILL", "PRAGMA", "ATTACH", "DETACH"}) {
      kw(op, OP);
    }
  }

  // Clauses and modifiers.
  static final int FROM = kw("FROM", RESERVED);
  static final int INTO = kw("INTO", RESERVED);
  static final int TABLE = kw("TABLE", RESERVED);
  static final int USING = kw("USING", RESERVED);
  static final int IN = kw("IN", EXPR | RESERVED);
  static final int DISTINCT = kw("DISTINCT", RESERVED);
  static final int RECURSIVE = kw("RECURSIVE", 0);
  static final int IF = kw("IF", 0);
  static final int NOT = kw("NOT", EXPR | RESERVED);
  static final int EXISTS = kw("EXISTS", EXPR | RESERVED);
  static final int ONLY = kw("ONLY", 0);
  static final int IGNORE = kw("IGNORE", 0);
  static final int LOW_PRIORITY = kw("LOW_PRIORITY", 0);
  static final int HIGH_PRIORITY = kw("HIGH_PRIORITY", 0);
  static final int DELAYED = kw("DELAYED", 0);
  static final int QUICK = kw("QUICK", 0);
  static final int OVERWRITE = kw("OVERWRITE", 0);
  static final int TOP = kw("TOP", 0);
  static final int OR = kw("OR", EXPR | RESERVED);
  static final int FAIL = kw("FAIL", 0);
  static final int GLOBAL = kw("GLOBAL", 0);
  static final int LOCAL = kw("LOCAL", 0);
  static final int TEMPORARY = kw("TEMPORARY", 0);
  static final int TEMP = kw("TEMP", 0);
  static final int UNLOGGED = kw("UNLOGGED", 0);
  static final int EXTERNAL = kw("EXTERNAL", 0);
  static final int ARRAY = kw("ARRAY", 0);

  static {
    for (String join : new String[] {"JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL",
        "OUTER", "STRAIGHT_JOIN", "APPLY"}) {
      kw(join, JOIN | RESERVED);
    }
    for (String end : new String[] {"WHERE", "HAVING", "LIMIT", "OFFSET"}) {
      kw(end, CLAUSE_END | EXPR | RESERVED);
    }
    for (String end : new String[] {"GROUP", "ORDER", "FOR", "WINDOW", "UNION", "INTERSECT", "EXCEPT",
        "MINUS", "RETURNING", "OUTPUT", "QUALIFY", "CONNECT"}) {
      kw(end, CLAUSE_END | RESERVED);
    }
    for (String expr : new String[] {"AND", "WHEN", "THEN", "ELSE", "BETWEEN", "LIKE", "IS", "BY", "ON",
        "CASE", "DEFAULT", "RETURN"}) {
      kw(expr, EXPR | RESERVED);
    }
    for (String reserved : new String[] {"AS", "ALL", "FIRST", "IMMEDIATE", "LATERAL"}) {
      kw(reserved, RESERVED);
    }
  }

  private static final int MAX_LENGTH = 13;
  /** Keyword ids by length and first letter; most buckets hold zero to three. */
  private static final int[][][] INDEX = index();
  private static final char[][] CHARS = chars();

  /**
   * The ids by length and first letter. Two passes over the keywords, with the static fields read into
   * locals once: inside a class initializer every read of the class's own static fields takes the
   * interpreter's slow path, which made a scan of every keyword for each length and letter cost about
   * 40 ms at the application's first SQL statement.
   */
  private static int[][][] index() {
    String[] names = NAMES;
    int keywords = count;
    int[][] sizes = new int[MAX_LENGTH + 1][26];
    for (int id = 1; id < keywords; id++) {
      if (indexed(names[id])) {
        sizes[names[id].length()][names[id].charAt(0) - 'A']++;
      }
    }
    int[][][] index = new int[MAX_LENGTH + 1][26][];
    for (int len = 0; len <= MAX_LENGTH; len++) {
      for (int letter = 0; letter < 26; letter++) {
        index[len][letter] = new int[sizes[len][letter]];
        sizes[len][letter] = 0;
      }
    }
    for (int id = 1; id < keywords; id++) {
      if (indexed(names[id])) {
        int len = names[id].length();
        int letter = names[id].charAt(0) - 'A';
        index[len][letter][sizes[len][letter]++] = id;
      }
    }
    return index;
  }

  private static boolean indexed(String name) {
    return name.length() <= MAX_LENGTH && name.charAt(0) >= 'A' && name.charAt(0) <= 'Z';
  }

  private static char[][] chars() {
    String[] names = NAMES;
    int keywords = count;
    char[][] chars = new char[keywords][];
    for (int id = 1; id < keywords; id++) {
      chars[id] = names[id].toCharArray();
    }
    return chars;
  }

  private SqlKeywords() {}

  /** The id of the keyword at sql[start, start + len) (ASCII word characters only), or 0. */
  static int lookup(String sql, int start, int len) {
    if (len > MAX_LENGTH) {
      return 0;
    }
    int letter = (sql.charAt(start) & 0xFFDF) - 'A';
    if (letter < 0 || letter >= 26) {
      return 0;
    }
    candidates:
    for (int id : INDEX[len][letter]) {
      char[] name = CHARS[id];
      for (int j = 1; j < len; j++) {
        if ((sql.charAt(start + j) & 0xFFDF) != name[j]) {
          continue candidates;
        }
      }
      return id;
    }
    return 0;
  }

  static String name(int id) {
    return NAMES[id];
  }

  static boolean is(int id, int flag) {
    return (FLAGS[id] & flag) != 0;
  }
}
