package io.spanwise.jdbctests;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.testing.InProcessAgent;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code otel.instrumentation.jdbc.query-sanitization.enabled=false}: the query text is recorded as the
 * application wrote it (this JVM's agent is installed with that setting; the default is covered by the
 * contract).
 */
class RawQueryTextTest {
  @BeforeAll
  static void installAgent() {
    InProcessAgent.install(Map.of("otel.instrumentation.jdbc.query-sanitization.enabled", "false"));
  }

  @Test
  void theQueryTextKeepsItsLiterals() throws SQLException {
    String insert = "INSERT INTO notes VALUES (1, 'not secret at all')";
    try (Connection c = H2DirectTest.h2("raw").getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE notes (id INT PRIMARY KEY, text VARCHAR(40))");
      Spans.reset();
      s.executeUpdate(insert);
      s.addBatch("INSERT INTO notes VALUES (2, 'b')");
      s.addBatch("INSERT INTO notes VALUES (3, 'c')");
      s.executeBatch();
    }
    List<SpanData> spans = Spans.all();
    assertThat(spans).hasSize(2);
    assertThat(spans.get(0).getName()).isEqualTo("INSERT notes");
    assertThat(spans.get(0).getAttributes().get(Spans.QUERY_TEXT)).isEqualTo(insert);
    // raw texts that differ are not one shared text
    assertThat(spans.get(1).getName()).isEqualTo("BATCH INSERT notes");
    assertThat(spans.get(1).getAttributes().get(Spans.QUERY_TEXT)).isNull();
    assertThat(spans.get(1).getAttributes().get(Spans.BATCH_SIZE)).isEqualTo(2L);
  }
}
