package io.spanwise.instrumentation.jdbc.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** What the JDBC state forgets when a statement or connection is closed, and the caches by text. */
class JdbcStateTest {
  @Test
  void aClosedStatementIsForgottenAtOnce() {
    JdbcStatementState state = new JdbcStatementState();
    Object statement = new Object();
    state.prepared(statement, "SELECT 1", DbConnectionInfo.UNKNOWN);
    state.batchAdded(statement, "INSERT INTO t VALUES (1)");
    assertThat(state.size()).isEqualTo(2);
    assertThat(state.prepared(statement).sql).isEqualTo("SELECT 1");
    state.forget(statement);
    assertThat(state.size()).isZero();
    assertThat(state.prepared(statement)).isNull();
  }

  @Test
  void aClosedConnectionIsForgottenAtOnce() throws SQLException {
    JdbcConnectionInfoCache cache = new JdbcConnectionInfoCache();
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:statetest", "sa", "")) {
      assertThat(cache.ofConnection(c).system()).isEqualTo("h2database");
      assertThat(cache.size()).isEqualTo(1);
      cache.forget(c);
      assertThat(cache.size()).isZero();
    }
  }

  @Test
  void preparedSqlIsAnalysedOncePerTextAcrossStatements() {
    String sql = "SELECT name FROM customers WHERE id = ?";
    SqlStatementInfo first = SqlStatementCache.analyze(sql, true, SqlDialect.STANDARD);
    assertThat(SqlStatementCache.analyze(new String(sql), true, SqlDialect.STANDARD)).isSameAs(first);
    assertThat(first.collectionName()).isEqualTo("customers");
    // raw and sanitized texts, and dialects, are kept apart
    String literal = "SELECT \"a\" FROM t WHERE x = 'v'";
    assertThat(SqlStatementCache.analyze(literal, false, SqlDialect.STANDARD).queryText()).isEqualTo(literal);
    assertThat(SqlStatementCache.analyze(literal, true, SqlDialect.STANDARD).queryText())
        .isEqualTo("SELECT \"a\" FROM t WHERE x = ?");
    assertThat(SqlStatementCache.analyze(literal, true, SqlDialect.MYSQL).queryText())
        .isEqualTo("SELECT ? FROM t WHERE x = ?");
  }

  @Test
  void longTextsAreNotKept() {
    StringBuilder sql = new StringBuilder("SELECT a FROM t WHERE b IN (?");
    while (sql.length() <= SqlStatementCache.MAX_LENGTH) {
      sql.append(", ?");
    }
    String text = sql.append(")").toString();
    assertThat(SqlStatementCache.analyze(text, true, SqlDialect.STANDARD))
        .isNotSameAs(SqlStatementCache.analyze(text, true, SqlDialect.STANDARD));
  }

  @Test
  void statementsOfOnePooledDatabaseShareOneParsedUrl() throws SQLException {
    JdbcConnectionInfoCache cache = new JdbcConnectionInfoCache();
    try (Connection a = DriverManager.getConnection("jdbc:h2:mem:urltest", "sa", "");
        Connection b = DriverManager.getConnection("jdbc:h2:mem:urltest", "sa", "");
        PreparedStatement ps = b.prepareStatement("SELECT 1")) {
      assertThat(cache.ofStatement(ps)).isSameAs(cache.ofConnection(a));
    }
  }
}
