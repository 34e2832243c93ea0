package io.spanwise.jdbctests;

import io.spanwise.testing.Instrumented;
import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.testing.InProcessAgent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code otel.instrumentation.jdbc.enabled=false}: no spans, and the driver's classes are left untouched. */
class JdbcDisabledTest {
  @BeforeAll
  static void installAgent() {
    InProcessAgent.install(Map.of("otel.instrumentation.jdbc.enabled", "false"));
  }

  @Test
  void nothingIsTracedAndNoDriverClassIsChanged() throws SQLException {
    try (Connection c = H2DirectTest.h2("disabled").getConnection()) {
      Spans.reset();
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t (id INT)");
        s.executeUpdate("INSERT INTO t VALUES (1)");
        assertThat(Instrumented.isInstrumented(s.getClass())).isFalse();
      }
      try (PreparedStatement p = c.prepareStatement("SELECT id FROM t WHERE id = ?")) {
        p.setInt(1, 1);
        p.executeQuery().close();
        assertThat(Instrumented.isInstrumented(p.getClass())).isFalse();
      }
      assertThat(Instrumented.isInstrumented(c.getClass())).isFalse();
    }
    assertThat(Spans.all()).isEmpty();
  }
}
