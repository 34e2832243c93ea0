package io.spanwise.core.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.api.trace.SpanKind;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class ExportFailureReporterTest {
  private static SpanData span() {
    return TestSpanData.builder()
        .setName("GET /x")
        .setKind(SpanKind.SERVER)
        .setStartEpochNanos(1)
        .setEndEpochNanos(2)
        .setHasEnded(true)
        .setStatus(StatusData.unset())
        .setTotalRecordedEvents(0)
        .setTotalRecordedLinks(0)
        .build();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void aFailedExportIsReportedOnTheAgentLogAndOnlyOnceAMinute() throws Exception {
    List<String> log = AgentLogCapture.capture(() -> {
      String endpoint = "http://127.0.0.1:" + closedPort() + "/v1/traces";
      ExportFailureReporter reporter = new ExportFailureReporter(
          OtlpHttpSpanExporter.builder().setEndpoint(endpoint).setRetryPolicy(null).build(), endpoint);
      for (int i = 0; i < 3; i++) {
        CompletableResultCode result = reporter.export(List.of(span(), span()));
        result.join(10, TimeUnit.SECONDS);
        assertThat(result.isSuccess()).isFalse();
      }
      reporter.shutdown().join(5, TimeUnit.SECONDS);
    });
    assertThat(log).filteredOn(l -> l.contains("could not export")).hasSize(1);
    assertThat(log.get(0)).contains("could not export 2 spans to http://127.0.0.1:");
  }

  @Test
  void theAgentsExporterNoLongerLogsThroughTheApplicationsLogging() throws Exception {
    Logger exporterLogger = Logger.getLogger("io.opentelemetry.exporter.internal.http.HttpExporter");
    List<LogRecord> records = new ArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    exporterLogger.addHandler(handler);
    try {
      String endpoint = "http://127.0.0.1:" + closedPort() + "/v1/traces";
      // In this test JVM the exporter shares the reporter's class loader, as it does inside the agent jar.
      ExportFailureReporter reporter = new ExportFailureReporter(
          OtlpHttpSpanExporter.builder().setEndpoint(endpoint).setRetryPolicy(null).build(), endpoint);
      java.util.logging.Filter agentFilter = exporterLogger.getFilter();
      assertThat(agentFilter).isNotNull();

      exporterLogger.setFilter(null); // without the filter, the failure reaches the application's handlers
      AgentLogCapture.capture(() -> reporter.export(List.of(span())).join(10, TimeUnit.SECONDS));
      assertThat(records).isNotEmpty();

      records.clear();
      exporterLogger.setFilter(agentFilter);
      AgentLogCapture.capture(() -> reporter.export(List.of(span())).join(10, TimeUnit.SECONDS));
      assertThat(records).isEmpty();
    } finally {
      exporterLogger.removeHandler(handler);
    }
  }
}
