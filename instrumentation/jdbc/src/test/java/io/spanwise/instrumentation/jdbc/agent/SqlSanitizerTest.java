package io.spanwise.instrumentation.jdbc.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlSanitizerTest {

  static Stream<Arguments> statements() {
    return Stream.of(
        // statement, sanitized text, operation, collection
        arguments("SELECT * FROM orders WHERE id = 42",
            "SELECT * FROM orders WHERE id = ?", "SELECT", "orders"),
        arguments("select name from users where email = 'a@b.c'",
            "select name from users where email = ?", "SELECT", "users"),
        // strings: '' and backslash escapes
        arguments("SELECT * FROM t WHERE s = 'it''s 7' AND u = 'x'",
            "SELECT * FROM t WHERE s = ? AND u = ?", "SELECT", "t"),
        arguments("SELECT * FROM t WHERE s = 'it\\'s' AND x = 1",
            "SELECT * FROM t WHERE s = ? AND x = ?", "SELECT", "t"),
        // prefixed strings: national, escape, Oracle q-quote, unicode
        arguments("SELECT * FROM t WHERE a = N'héllo' AND b = E'x\\'y' AND c = q'[it's]' AND d = U&'d\\0061'",
            "SELECT * FROM t WHERE a = ? AND b = ? AND c = ? AND d = ?", "SELECT", "t"),
        // numbers: decimals, exponents, leading dot, trailing dot
        arguments("UPDATE accounts SET balance = 1.5e3, rate = .25, f = 3., g = 2E-7 WHERE id = 7",
            "UPDATE accounts SET balance = ?, rate = ?, f = ?, g = ? WHERE id = ?", "UPDATE", "accounts"),
        // negative numbers after an operator or keyword; subtraction stays
        arguments("SELECT * FROM t WHERE a = -5 AND b > -1.5 AND c = d - 1 AND e = (-2)",
            "SELECT * FROM t WHERE a = ? AND b > ? AND c = d - ? AND e = (?)", "SELECT", "t"),
        arguments("SELECT -1, +2", "SELECT ?, ?", "SELECT", null),
        // hex and bit literals
        arguments("INSERT INTO blobs (id, data, bits) VALUES (0xFF, X'0aff', b'0101')",
            "INSERT INTO blobs (id, data, bits) VALUES (?, ?, ?)", "INSERT", "blobs"),
        // keywords TRUE, FALSE, NULL are kept
        arguments("UPDATE flags SET enabled = TRUE, hidden = false, note = NULL WHERE id = 1",
            "UPDATE flags SET enabled = TRUE, hidden = false, note = NULL WHERE id = ?", "UPDATE", "flags"),
        // PostgreSQL dollar quoting
        arguments("SELECT $$secret$$, $tag$a 'b' $$ c$tag$ FROM t",
            "SELECT ?, ? FROM t", "SELECT", "t"),
        // placeholders are kept: ?, :name, :1, $1, @p
        arguments("SELECT * FROM t WHERE a = $1 AND b = :name AND c = ? AND d = :1 AND e = @p1",
            "SELECT * FROM t WHERE a = $1 AND b = :name AND c = ? AND d = :1 AND e = @p1", "SELECT", "t"),
        // IN lists of values collapse; lists with anything else do not
        arguments("SELECT * FROM t WHERE id IN (1, 2, 3)",
            "SELECT * FROM t WHERE id IN (?)", "SELECT", "t"),
        arguments("DELETE FROM t WHERE name NOT IN ('a', 'b') AND id IN (?, ?, ?) AND k in(-1)",
            "DELETE FROM t WHERE name NOT IN (?) AND id IN (?) AND k in(?)", "DELETE", "t"),
        arguments("SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE x IN (1,2))",
            "SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE x IN (?))", "SELECT", null),
        arguments("SELECT * FROM t WHERE 1 IN (a, 2) AND b IN (:ids)",
            "SELECT * FROM t WHERE ? IN (a, ?) AND b IN (:ids)", "SELECT", "t"),
        // quoted identifiers are identifiers, kept; the collection loses its quotes
        arguments("SELECT \"Col 1\", \"it's\" FROM \"public\".\"Orders\" WHERE \"x\" = 'y'",
            "SELECT \"Col 1\", \"it's\" FROM \"public\".\"Orders\" WHERE \"x\" = ?", "SELECT", "public.Orders"),
        arguments("SELECT `a1` FROM `shop`.`order items` WHERE `id` = 10",
            "SELECT `a1` FROM `shop`.`order items` WHERE `id` = ?", "SELECT", "shop.order items"),
        arguments("SELECT [Unit Price] FROM [dbo].[Order Details] WHERE [Quantity] > 5",
            "SELECT [Unit Price] FROM [dbo].[Order Details] WHERE [Quantity] > ?", "SELECT", "dbo.Order Details"),
        // comments are removed; a comment and the white space around it become one space
        arguments("SELECT /* user=42 */ a FROM t -- trailing 'x' 7\nWHERE b = 1",
            "SELECT a FROM t WHERE b = ?", "SELECT", "t"),
        arguments("/* app:checkout */ SELECT 1 -- done", "SELECT ?", "SELECT", null),
        arguments("SELECT a/*x*/FROM t", "SELECT a FROM t", "SELECT", "t"),
        arguments("SELECT /* a /* nested 5 */ still comment 6 */ c FROM t",
            "SELECT c FROM t", "SELECT", "t"),
        // identifiers with digits are not numbers
        arguments("SELECT t1.col2, c3 FROM table9 t1 WHERE t1.x4 = y5",
            "SELECT t1.col2, c3 FROM table9 t1 WHERE t1.x4 = y5", "SELECT", "table9"),
        // one table only: joins, lists, subqueries, set operations give no collection
        arguments("SELECT * FROM a JOIN b ON a.id = b.id WHERE a.x = 5",
            "SELECT * FROM a JOIN b ON a.id = b.id WHERE a.x = ?", "SELECT", null),
        arguments("SELECT * FROM a LEFT OUTER JOIN b USING (id)",
            "SELECT * FROM a LEFT OUTER JOIN b USING (id)", "SELECT", null),
        arguments("SELECT * FROM a, b WHERE a.id = b.id", "SELECT * FROM a, b WHERE a.id = b.id", "SELECT", null),
        arguments("SELECT * FROM (SELECT * FROM t) x", "SELECT * FROM (SELECT * FROM t) x", "SELECT", null),
        arguments("SELECT a FROM t UNION SELECT a FROM u", "SELECT a FROM t UNION SELECT a FROM u", "SELECT", null),
        arguments("SELECT * FROM generate_series(1, 10)", "SELECT * FROM generate_series(?, ?)", "SELECT", null),
        arguments("SELECT o.id FROM orders AS o WHERE o.total > 100 ORDER BY o.id, o.total LIMIT 10",
            "SELECT o.id FROM orders AS o WHERE o.total > ? ORDER BY o.id, o.total LIMIT ?", "SELECT", "orders"),
        arguments("SELECT EXTRACT(YEAR FROM created_at), SUBSTRING(s FROM 2) FROM orders",
            "SELECT EXTRACT(YEAR FROM created_at), SUBSTRING(s FROM ?) FROM orders", "SELECT", "orders"),
        arguments("SELECT * FROM t WHERE a IS DISTINCT FROM 5", "SELECT * FROM t WHERE a IS DISTINCT FROM ?", "SELECT", "t"),
        arguments("SELECT * FROM ONLY t WITH (NOLOCK) FOR UPDATE", "SELECT * FROM ONLY t WITH (NOLOCK) FOR UPDATE", "SELECT", "t"),
        arguments("(SELECT a FROM t)", "(SELECT a FROM t)", "SELECT", "t"),
        arguments("SELECT 1 FROM DUAL", "SELECT ? FROM DUAL", "SELECT", "DUAL"),
        // INSERT, MERGE, UPSERT: the target table
        arguments("INSERT INTO public.orders (id, note) VALUES (1, 'x'), (2, 'y')",
            "INSERT INTO public.orders (id, note) VALUES (?, ?), (?, ?)", "INSERT", "public.orders"),
        arguments("INSERT INTO archive SELECT * FROM orders WHERE created < '2020-01-01'",
            "INSERT INTO archive SELECT * FROM orders WHERE created < ?", "INSERT", "archive"),
        arguments("insert ignore into logs values (1)", "insert ignore into logs values (?)", "INSERT", "logs"),
        arguments("MERGE INTO target t USING source s ON t.id = s.id WHEN MATCHED THEN UPDATE SET t.v = 1",
            "MERGE INTO target t USING source s ON t.id = s.id WHEN MATCHED THEN UPDATE SET t.v = ?", "MERGE", "target"),
        arguments("UPSERT INTO kv (k, v) VALUES ('a', 1)", "UPSERT INTO kv (k, v) VALUES (?, ?)", "UPSERT", "kv"),
        // UPDATE and DELETE
        arguments("UPDATE TOP (10) jobs SET state = 'taken'", "UPDATE TOP (?) jobs SET state = ?", "UPDATE", "jobs"),
        arguments("UPDATE t SET a = u.a FROM u WHERE t.id = u.id", "UPDATE t SET a = u.a FROM u WHERE t.id = u.id", "UPDATE", null),
        arguments("DELETE FROM t USING u WHERE t.id = u.id", "DELETE FROM t USING u WHERE t.id = u.id", "DELETE", null),
        arguments("DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id", "DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id", "DELETE", null),
        // procedures
        arguments("{call get_orders(?, 5)}", "{call get_orders(?, ?)}", "CALL", "get_orders"),
        arguments("{? = call pkg.fn(?)}", "{? = call pkg.fn(?)}", "CALL", "pkg.fn"),
        arguments("CALL refresh_stats()", "CALL refresh_stats()", "CALL", "refresh_stats"),
        arguments("EXEC dbo.usp_report @year = 2024", "EXEC dbo.usp_report @year = ?", "EXEC", "dbo.usp_report"),
        arguments("EXEC @rc = sp_who", "EXEC @rc = sp_who", "EXEC", "sp_who"),
        arguments("execute immediate 'DROP TABLE x'", "execute immediate ?", "EXECUTE", null),
        // DDL
        arguments("CREATE TABLE IF NOT EXISTS events (id BIGINT, note VARCHAR(100) DEFAULT 'none')",
            "CREATE TABLE IF NOT EXISTS events (id BIGINT, note VARCHAR(?) DEFAULT ?)", "CREATE", "events"),
        arguments("CREATE OR REPLACE TEMPORARY TABLE tmp_1 AS SELECT * FROM t",
            "CREATE OR REPLACE TEMPORARY TABLE tmp_1 AS SELECT * FROM t", "CREATE", "tmp_1"),
        arguments("CREATE INDEX idx ON t (a)", "CREATE INDEX idx ON t (a)", "CREATE", null),
        arguments("DROP TABLE IF EXISTS old_orders CASCADE", "DROP TABLE IF EXISTS old_orders CASCADE", "DROP", "old_orders"),
        arguments("DROP TABLE a, b", "DROP TABLE a, b", "DROP", null),
        arguments("ALTER TABLE orders ADD COLUMN note TEXT DEFAULT ''",
            "ALTER TABLE orders ADD COLUMN note TEXT DEFAULT ?", "ALTER", "orders"),
        arguments("TRUNCATE TABLE sessions", "TRUNCATE TABLE sessions", "TRUNCATE", "sessions"),
        arguments("truncate logs", "truncate logs", "TRUNCATE", "logs"),
        // WITH queries report their main statement
        arguments("WITH recent AS (SELECT * FROM orders WHERE d > 5) SELECT * FROM recent",
            "WITH recent AS (SELECT * FROM orders WHERE d > ?) SELECT * FROM recent", "SELECT", null),
        arguments("WITH ids AS (SELECT id FROM t) DELETE FROM orders WHERE id IN (SELECT id FROM ids)",
            "WITH ids AS (SELECT id FROM t) DELETE FROM orders WHERE id IN (SELECT id FROM ids)", "DELETE", "orders"),
        arguments("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10) INSERT INTO nums SELECT n FROM r",
            "WITH RECURSIVE r(n) AS (SELECT ? UNION ALL SELECT n + ? FROM r WHERE n < ?) INSERT INTO nums SELECT n FROM r",
            "INSERT", "nums"),
        arguments("WITH a AS (SELECT 1), b AS (SELECT 2) SELECT * FROM c",
            "WITH a AS (SELECT ?), b AS (SELECT ?) SELECT * FROM c", "SELECT", "c"),
        // transactions and session statements
        arguments("BEGIN", "BEGIN", "BEGIN", null),
        arguments("commit", "commit", "COMMIT", null),
        arguments("ROLLBACK TO SAVEPOINT s1", "ROLLBACK TO SAVEPOINT s1", "ROLLBACK", null),
        arguments("SET search_path TO app, public", "SET search_path TO app, public", "SET", null),
        arguments("SET @x = 5", "SET @x = ?", "SET", null),
        arguments("SHOW TABLES", "SHOW TABLES", "SHOW", null),
        // PostgreSQL casts and arrays
        arguments("SELECT id::text, '5'::int FROM t", "SELECT id::text, ?::int FROM t", "SELECT", "t"),
        arguments("SELECT ARRAY[1, 2], a[3], b[1:2] FROM t", "SELECT ARRAY[?, ?], a[?], b[?:?] FROM t", "SELECT", "t"),
        // several statements: the first one's operation, no single table
        arguments("SELECT 1 FROM t; SELECT 2 FROM u", "SELECT ? FROM t; SELECT ? FROM u", "SELECT", null),
        arguments("INSERT INTO t VALUES (1);", "INSERT INTO t VALUES (?);", "INSERT", "t"),
        // Unicode identifiers and strings
        arguments("SELECT имя FROM заказы WHERE город = 'Москва' AND n = 5",
            "SELECT имя FROM заказы WHERE город = ? AND n = ?", "SELECT", "заказы"),
        arguments("INSERT INTO t (s) VALUES ('😀 ok'), (N'日本')", "INSERT INTO t (s) VALUES (?), (?)", "INSERT", "t"),
        // odd input
        arguments("SELECT * FROM t WHERE a = 'abc", "SELECT * FROM t WHERE a = ?", "SELECT", "t"),
        arguments("SELECT a FROM t /* never closed 42", "SELECT a FROM t", "SELECT", "t"),
        arguments("SELECT \"abc FROM t WHERE x = 'y'", "SELECT ?", "SELECT", null),
        arguments("SELECT $$abc", "SELECT ?", "SELECT", null),
        arguments("SELECT a $ b FROM t", "SELECT a $ b FROM t", "SELECT", "t"),
        arguments("SELECT * FROM t.", "SELECT * FROM t.", "SELECT", null),
        arguments("", "", null, null),
        arguments("  \n\t ", "  \n\t ", null, null),
        arguments("hello world 42", "hello world ?", null, null),
        arguments("42", "?", null, null));
  }

  @ParameterizedTest
  @MethodSource("statements")
  void sanitizesAndAnalyzes(String sql, String text, String operation, String collection) {
    SqlStatementInfo info = SqlSanitizer.analyze(sql, true);
    assertThat(info.queryText()).as("queryText").isEqualTo(text);
    assertThat(info.operationName()).as("operationName").isEqualTo(operation);
    assertThat(info.collectionName()).as("collectionName").isEqualTo(collection);
  }

  @ParameterizedTest
  @MethodSource("statements")
  void rawModeKeepsTheTextAndFindsTheSameOperationAndTable(String sql, String text, String operation,
      String collection) {
    SqlStatementInfo info = SqlSanitizer.analyze(sql, false);
    assertThat(info.queryText()).isSameAs(sql);
    assertThat(info.operationName()).isEqualTo(operation);
    if (!sql.startsWith("SELECT \"abc")) { // raw, the unterminated name runs to the end
      assertThat(info.collectionName()).isEqualTo(collection);
    }
  }

  @Test
  void rawModeKeepsLiteralsAndComments() {
    String sql = "SELECT /* c 1 */ a FROM t WHERE b = 'x' AND c IN (1, 2) -- end";
    SqlStatementInfo info = SqlSanitizer.analyze(sql, false);
    assertThat(info.queryText()).isEqualTo(sql);
    assertThat(info.operationName()).isEqualTo("SELECT");
    assertThat(info.collectionName()).isEqualTo("t");
  }

  @Test
  void returnsTheSameStringWhenNothingChanges() {
    String sql = "SELECT a, b FROM t WHERE id = ? AND k IN (?)";
    assertThat(SqlSanitizer.analyze(sql, true).queryText()).isSameAs(sql);
  }

  @Test
  void nullStatement() {
    for (boolean sanitize : new boolean[] {true, false}) {
      SqlStatementInfo info = SqlSanitizer.analyze(null, sanitize);
      assertThat(info).isNotNull();
      assertThat(info.queryText()).isNull();
      assertThat(info.operationName()).isNull();
      assertThat(info.collectionName()).isNull();
    }
  }

  @Test
  void textUpToTheMaximumIsNotCut() {
    String sql = "SELECT a FROM t WHERE b = ?" + " ".repeat(SqlSanitizer.MAX_QUERY_LENGTH - 27);
    assertThat(sql).hasSize(SqlSanitizer.MAX_QUERY_LENGTH);
    assertThat(SqlSanitizer.analyze(sql, true).queryText()).isSameAs(sql);
    assertThat(SqlSanitizer.analyze(sql, false).queryText()).isSameAs(sql);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void longTextIsCutAndEndsWithDots(boolean sanitize) {
    StringBuilder sql = new StringBuilder("INSERT INTO big (a, b) VALUES ");
    for (int i = 0; sql.length() < 20_000; i++) {
      sql.append(i == 0 ? "" : ", ").append("(").append(i).append(", 'v").append(i).append("')");
    }
    SqlStatementInfo info = SqlSanitizer.analyze(sql.toString(), sanitize);
    assertThat(info.queryText()).hasSize(SqlSanitizer.MAX_QUERY_LENGTH).endsWith("...");
    assertThat(info.operationName()).isEqualTo("INSERT");
    assertThat(info.collectionName()).isEqualTo("big");
    if (sanitize) {
      assertThat(info.queryText()).startsWith("INSERT INTO big (a, b) VALUES (?, ?), (?, ?)")
          .doesNotContain("'").doesNotContainPattern("[0-9]");
    } else {
      assertThat(info.queryText()).startsWith("INSERT INTO big (a, b) VALUES (0, 'v0'), (1, 'v1')");
    }
  }

  @Test
  void cutNeverSplitsASurrogatePair() {
    String emoji = "😀";
    String sql = "SELECT " + "x".repeat(SqlSanitizer.MAX_QUERY_LENGTH - 11) + emoji + " FROM t";
    String text = SqlSanitizer.analyze(sql, false).queryText();
    assertThat(text).hasSize(SqlSanitizer.MAX_QUERY_LENGTH - 1).endsWith("x...");
    String sanitized = SqlSanitizer.analyze(sql + " WHERE a = 1", true).queryText();
    assertThat(sanitized).isEqualTo(text);
  }

  @Test
  void commentsBeforeTheCutDoNotShiftTheText() {
    StringBuilder sql = new StringBuilder("SELECT a FROM t WHERE ");
    while (sql.length() < 3 * SqlSanitizer.MAX_QUERY_LENGTH) {
      sql.append("b = 1 /* c */   AND ");
    }
    String text = SqlSanitizer.analyze(sql.toString(), true).queryText();
    assertThat(text).hasSize(SqlSanitizer.MAX_QUERY_LENGTH).endsWith("...");
    String body = text.substring("SELECT a FROM t WHERE ".length(), text.length() - 3);
    assertThat(("b = ? AND ".repeat(1000))).startsWith(body);
  }

  @Test
  void megabyteStatements() {
    int size = 1 << 20;
    String[] units = {"'", "q'a", "[a", "$a", "$$", "/*", "-- x\n", "\"", "`", "(", ")", "1", "-1", "x.", "IN (1,",
        "[[", ":1", "e'", "a[1", "*/", "\\'", "0x"};
    for (String unit : units) {
      String sql = "SELECT * FROM t WHERE a = " + unit.repeat(size / unit.length());
      for (boolean sanitize : new boolean[] {true, false}) {
        SqlStatementInfo info = SqlSanitizer.analyze(sql, sanitize);
        assertThat(info.queryText()).as(unit).hasSizeLessThanOrEqualTo(SqlSanitizer.MAX_QUERY_LENGTH)
            .startsWith("SELECT * FROM t WHERE a =");
        assertThat(info.operationName()).isEqualTo("SELECT");
      }
    }
    StringBuilder insert = new StringBuilder("INSERT INTO bulk VALUES ");
    while (insert.length() < size) {
      insert.append("(12345, 'some text', -1.5e3, X'00ff'), ");
    }
    insert.append("(1, 'x', 2, X'01')");
    SqlStatementInfo info = SqlSanitizer.analyze(insert.toString(), true);
    assertThat(info.queryText()).hasSize(SqlSanitizer.MAX_QUERY_LENGTH).startsWith("INSERT INTO bulk VALUES (?, ?, ?, ?), ");
    assertThat(info.collectionName()).isEqualTo("bulk");
  }

  // ----------------------------------------------------------------------------------------------
  // Fuzz: generated statements with known literals, then garbled ones checked against invariants.
  // Seeded, so a failure repeats; -Dsqlfuzz.seed=N -Dsqlfuzz.runs=N explore further.

  private static final String SECRET = "SECRET";
  private static final String DIGITS = "31337";

  /** Every one of these is a literal; each carries the markers, which must never reach the output. */
  private static final String[] LITERALS = {
      DIGITS, "-" + DIGITS, DIGITS + ".25", "." + DIGITS, DIGITS + "e3", "0x" + DIGITS, "X'" + DIGITS + "'",
      "'" + SECRET + "'", "'" + SECRET + "''s " + DIGITS + "'", "'a\\' " + SECRET + " " + DIGITS + "'",
      "N'" + SECRET + "'", "E'" + SECRET + "\\n'", "$$" + SECRET + " " + DIGITS + "$$",
      "$q$ " + SECRET + " $$ '" + DIGITS + "' $q$", "q'[it's " + SECRET + "]'", "U&'" + SECRET + "'",
      "'-- " + SECRET + "'", "'/* " + SECRET + "'", "'\"" + SECRET + "\"'", "'`" + SECRET + "`'",
      "'" + SECRET + " [x] " + DIGITS + "'", "b'" + DIGITS + "'", "'" + SECRET + "\n" + DIGITS + "'",
  };
  private static final String[] COMMENTS = {
      " ", "  ", "\n", "\t", " /* " + SECRET + " " + DIGITS + " */ ", "/*" + DIGITS + "*/",
      " -- " + SECRET + " '" + DIGITS + "\n", " /* a /* " + SECRET + " */ " + DIGITS + " */ ",
  };
  private static final String[][] TEMPLATES = {
      {"SELECT", "SELECT a, b FROM t1 WHERE c = {L} AND d IN ({L}, {L})"},
      {"INSERT", "INSERT INTO t2 (a, b) VALUES ({L},{C}{L})"},
      {"UPDATE", "UPDATE t3 SET a = {L}, b = c - {L} WHERE d > {L}{C}"},
      {"DELETE", "DELETE FROM t4 WHERE a = {L} OR b <{L} OR c IN ({L})"},
      {"SELECT", "SELECT CASE WHEN a = {L} THEN {L} ELSE {L} END FROM t5"},
      {"SELECT", "SELECT * FROM t6 WHERE x BETWEEN{C}{L} AND {L} LIMIT {L}"},
      {"CALL", "CALL p({L}, ?, :x)"},
      {"SELECT", "SELECT f({L}), \"q1\", `q2`, [q3] FROM t7 WHERE y = {L}{C}ORDER BY 1"},
  };

  @Test
  void fuzzGeneratedStatementsNeverLeakALiteral() {
    Random random = new Random(Long.getLong("sqlfuzz.seed", 20240611L));
    for (int run = 0; run < Integer.getInteger("sqlfuzz.runs", 3000); run++) {
      StringBuilder sql = new StringBuilder();
      String operation = null;
      int statements = 1 + random.nextInt(3);
      for (int s = 0; s < statements; s++) {
        String[] template = TEMPLATES[random.nextInt(TEMPLATES.length)];
        if (s == 0) {
          operation = template[0];
          sql.append(random.nextBoolean() ? COMMENTS[random.nextInt(COMMENTS.length)] : "");
        } else {
          sql.append(";").append(COMMENTS[random.nextInt(COMMENTS.length)]);
        }
        String body = template[1];
        int at;
        while ((at = body.indexOf('{')) >= 0) {
          String slot = body.charAt(at + 1) == 'L'
              ? LITERALS[random.nextInt(LITERALS.length)]
              : COMMENTS[random.nextInt(COMMENTS.length)];
          body = body.substring(0, at) + slot + body.substring(at + 3);
        }
        sql.append(random.nextBoolean() ? body : body.toLowerCase(java.util.Locale.ROOT).replace("secret", SECRET));
      }
      String statement = sql.toString();
      SqlStatementInfo info = SqlSanitizer.analyze(statement, true);
      assertThat(info.queryText()).as(statement).doesNotContain(SECRET).doesNotContain(DIGITS)
          .doesNotContain("--").doesNotContain("/*");
      assertThat(info.operationName()).as(statement).isEqualTo(operation);
      assertThat(SqlSanitizer.analyze(info.queryText(), true).queryText()).as(statement)
          .isEqualTo(info.queryText());
    }
  }

  private static final String ALPHABET = "abcxyzeEnNqQuUbBX01234567899 \t\n\r'\"`[]()$:?@#-+*/.,;=<>\\&{}é😀";
  private static final String[] FRAGMENTS = {
      "SELECT ", "FROM ", "WHERE ", "IN (", "INSERT INTO ", "VALUES (", "'", "''", "\"", "`", "$$", "$t$",
      "/*", "*/", "--", "\n", "0x", "1e", "-", ".", "[", "]", ":", "::", "@", "q'[", "]'", "N'", "E'", "\\",
      "?", "$1", ":p", "12", "3.5", "  ", ", ", "(", ")", "ARRAY[", "#", "U&'",
  };

  @Test
  void fuzzGarbledInputKeepsTheInvariants() {
    Random random = new Random(Long.getLong("sqlfuzz.seed", 7L));
    for (int run = 0; run < Integer.getInteger("sqlfuzz.runs", 5000); run++) {
      String sql = run % 2 == 0 ? randomChars(random) : mutate(random, randomStatement(random));
      SqlStatementInfo info = SqlSanitizer.analyze(sql, true);
      String text = info.queryText();
      assertThat(text).as(sql).isNotNull().hasSizeLessThanOrEqualTo(SqlSanitizer.MAX_QUERY_LENGTH);
      assertThat(SqlSanitizer.analyze(text, true).queryText()).as(sql).isEqualTo(text);
      assertNoLiteralOutsideIdentifiers(sql, text);
      SqlStatementInfo raw = SqlSanitizer.analyze(sql, false);
      assertThat(raw.queryText()).isEqualTo(sql);
      assertThat(raw.operationName()).isEqualTo(info.operationName());
    }
  }

  private static String randomChars(Random random) {
    StringBuilder sql = new StringBuilder();
    int length = random.nextInt(60);
    for (int i = 0; i < length; i++) {
      if (random.nextInt(3) == 0) {
        sql.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
      } else {
        sql.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0,
            random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
      }
    }
    return sql.toString();
  }

  private static String randomStatement(Random random) {
    String[] template = TEMPLATES[random.nextInt(TEMPLATES.length)];
    String body = template[1];
    int at;
    while ((at = body.indexOf('{')) >= 0) {
      String slot = body.charAt(at + 1) == 'L'
          ? LITERALS[random.nextInt(LITERALS.length)]
          : COMMENTS[random.nextInt(COMMENTS.length)];
      body = body.substring(0, at) + slot + body.substring(at + 3);
    }
    return body;
  }

  private static String mutate(Random random, String sql) {
    StringBuilder s = new StringBuilder(sql);
    int mutations = 1 + random.nextInt(4);
    for (int m = 0; m < mutations && s.length() > 0; m++) {
      int at = random.nextInt(s.length());
      switch (random.nextInt(3)) {
        case 0:
          s.deleteCharAt(at);
          break;
        case 1:
          s.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
          break;
        default:
          s.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length() - 2)));
      }
    }
    return s.toString();
  }

  /**
   * The sound part of "no literal survives" for arbitrary input: outside quoted identifiers the
   * sanitized text has no quote that could open a string, no comment, and no number. A digit may only
   * be part of a name (t1, $1, @p1, a name glued to a ?) or a positional parameter (:1).
   */
  private static void assertNoLiteralOutsideIdentifiers(String sql, String text) {
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"' || c == '`') {
        int close = text.indexOf(c, i + 1);
        assertThat(close).as("unbalanced %s in %s from %s", c, text, sql).isPositive();
        i = close + 1;
        continue;
      }
      if (c == '[') {
        int close = bracketedEnd(text, i);
        if (close > 0) {
          i = close;
          continue;
        }
      }
      assertThat(c).as("%s from %s", text, sql).isNotEqualTo('\'');
      assertThat(text.startsWith("--", i) || text.startsWith("/*", i)).as("%s from %s", text, sql).isFalse();
      if (c >= '0' && c <= '9') {
        char before = i > 0 ? text.charAt(i - 1) : ' ';
        assertThat(isNamePart(before) || before == ':').as("digit at %d in %s from %s", i, text, sql).isTrue();
      }
      i++;
    }
  }

  private static int bracketedEnd(String text, int start) {
    if (start + 1 >= text.length() || !(Character.isLetter(text.charAt(start + 1)) || "_@#é😀".indexOf(text.charAt(start + 1)) >= 0
        || Character.isSurrogate(text.charAt(start + 1)))) {
      return -1;
    }
    for (int i = start + 2; i < Math.min(text.length(), start + 130); i++) {
      char c = text.charAt(i);
      if (c == ']') {
        return i + 1;
      }
      if ("'\"`[\n\r".indexOf(c) >= 0) {
        return -1;
      }
    }
    return -1;
  }

  private static boolean isNamePart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '#' || Character.isSurrogate(c);
  }

  @Test
  void mysqlDialectReadsDoubleQuotesAsStringsAndHashAsAComment() {
    SqlStatementInfo info = SqlSanitizer.analyze(
        "INSERT INTO logins (who, note) VALUES (\"bob\", \"it's \\\"ok\\\"\") # from 10.0.0.7", true, SqlDialect.MYSQL);
    assertThat(info.queryText()).isEqualTo("INSERT INTO logins (who, note) VALUES (?, ?)");
    assertThat(info.operationName()).isEqualTo("INSERT");
    assertThat(info.collectionName()).isEqualTo("logins");
    // Backticks stay identifiers in MySQL.
    assertThat(SqlSanitizer.analyze("SELECT `a` FROM `t` WHERE b = \"x\"", true, SqlDialect.MYSQL).queryText())
        .isEqualTo("SELECT `a` FROM `t` WHERE b = ?");
    // Raw mode keeps everything.
    assertThat(SqlSanitizer.analyze("SELECT \"x\" # c", false, SqlDialect.MYSQL).queryText()).isEqualTo("SELECT \"x\" # c");
  }

  @Test
  void theDialectFollowsTheDatabase() {
    assertThat(SqlDialect.forSystem("mysql")).isEqualTo(SqlDialect.MYSQL);
    assertThat(SqlDialect.forSystem("mariadb")).isEqualTo(SqlDialect.MYSQL);
    assertThat(SqlDialect.forSystem("postgresql")).isEqualTo(SqlDialect.STANDARD);
    assertThat(SqlDialect.forSystem(null)).isEqualTo(SqlDialect.STANDARD);
  }
}
