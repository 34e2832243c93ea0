package io.spanwise.jdbctests;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.testing.InProcessAgent;
import io.spanwise.testing.TestRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A statement in a trace the sampler dropped (here every new trace: {@code parentbased_always_off}) gets no
 * span at all, not a span that is not recorded: inside the query the request's span is current, and the
 * statement (a batch too) still runs and answers as without the agent. Nothing is exported either way.
 */
class DroppedTraceTest {
  @BeforeAll
  static void installAgent() {
    InProcessAgent.install(Map.of("otel.traces.sampler", "parentbased_always_off"));
  }

  @Test
  void aStatementInADroppedTraceRunsUnderTheRequestsSpanAndMakesNone() throws Exception {
    try (Connection c = H2DirectTest.h2("dropped").getConnection()) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE ALIAS record_span FOR 'io.spanwise.jdbctests.H2Procedures.recordSpan'");
        s.execute("CREATE TABLE recorded (v INT)");
      }
      Spans.reset();
      ActiveSpan request = TestRequest.startServerSpan();
      String requestSpanId;
      try (ContextScope ignored = request.makeCurrent()) {
        requestSpanId = Tracing.currentSpanId();
        assertThat(Tracing.currentTraceFlags()).as("the request is not sampled").isEqualTo("00");
        try (PreparedStatement p = c.prepareStatement("SELECT record_span(?)")) {
          p.setInt(1, 7);
          try (ResultSet rows = p.executeQuery()) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(7);
          }
        }
        try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT record_span(8)")) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getInt(1)).isEqualTo(8);
        }
        H2Procedures.spanIdInside = null;
        try (PreparedStatement batch = c.prepareStatement("INSERT INTO recorded VALUES (record_span(?))")) {
          batch.setInt(1, 9);
          batch.addBatch();
          batch.setInt(1, 10);
          batch.addBatch();
          assertThat(batch.executeBatch()).containsExactly(1, 1);
        }
      } finally {
        TestRequest.endServerSpan(request);
      }
      assertThat(requestSpanId).isNotEqualTo("0000000000000000");
      assertThat(H2Procedures.spanIdInside).as("the span current inside the query").isEqualTo(requestSpanId);
    }
    assertThat(Spans.all()).isEmpty();
  }

  /**
   * A statement prepared in a dropped trace is not told its connection there (nothing would use it), and
   * one kept open and executed later in a trace that is kept (here: a caller's sampled {@code traceparent},
   * which the parent-based sampler follows) still gets its database on its span.
   */
  @Test
  void aStatementPreparedInADroppedTraceHasItsDatabaseWhenExecutedInATraceThatIsKept() throws Exception {
    try (Connection c = H2DirectTest.h2("prepared_dropped").getConnection()) {
      Spans.reset();
      PreparedStatement p;
      ActiveSpan dropped = TestRequest.startServerSpan();
      try (ContextScope ignored = dropped.makeCurrent()) {
        p = c.prepareStatement("SELECT 1 + ?");
        p.setInt(1, 1);
        p.executeQuery().close();
      } finally {
        TestRequest.endServerSpan(dropped);
      }
      assertThat(Spans.all()).isEmpty();
      ActiveSpan kept = TestRequest.startServerSpan("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
      try (ContextScope ignored = kept.makeCurrent()) {
        p.setInt(1, 2);
        try (ResultSet rows = p.executeQuery()) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getInt(1)).isEqualTo(3);
        }
      } finally {
        TestRequest.endServerSpan(kept);
        p.close();
      }
    }
    SpanData statement = Spans.all().stream().filter(s -> s.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
    assertThat(statement.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(statement.getName()).isEqualTo("SELECT");
    assertThat(statement.getAttributes().get(Spans.SYSTEM)).isEqualTo("h2database");
    assertThat(statement.getAttributes().get(Spans.NAMESPACE)).isEqualTo("prepared_dropped");
    assertThat(statement.getAttributes().get(Spans.QUERY_TEXT)).isEqualTo("SELECT ? + ?");
  }
}
