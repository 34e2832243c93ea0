package io.spanwise.core.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazySpanExporterTest {
  @Test
  void buildsTheExporterOnTheFirstExportOnly() {
    AtomicInteger built = new AtomicInteger();
    InMemorySpanExporter inMemory = InMemorySpanExporter.create();
    LazySpanExporter lazy = new LazySpanExporter(() -> {
      built.incrementAndGet();
      return inMemory;
    }, "test exporter");
    assertThat(lazy.flush().isSuccess()).isTrue();
    assertThat(built).hasValue(0);

    assertThat(lazy.export(List.of()).isSuccess()).isTrue();
    lazy.export(List.of());
    assertThat(built).hasValue(1);
    assertThat(lazy.shutdown().isSuccess()).isTrue();
    assertThat(inMemory.export(List.of()).isSuccess()).isFalse(); // the delegate was shut down
  }

  @Test
  void shutdownBeforeAnyExportBuildsNothing() {
    AtomicInteger built = new AtomicInteger();
    LazySpanExporter lazy = new LazySpanExporter(() -> {
      built.incrementAndGet();
      return InMemorySpanExporter.create();
    }, "test exporter");
    assertThat(lazy.shutdown().isSuccess()).isTrue();
    assertThat(lazy.export(List.of()).isSuccess()).isFalse();
    assertThat(built).hasValue(0);
  }

  @Test
  void aFailureToBuildIsLoggedOnceAndExportsFail() throws Exception {
    AtomicInteger tries = new AtomicInteger();
    LazySpanExporter lazy = new LazySpanExporter(() -> {
      tries.incrementAndGet();
      throw new IllegalStateException("no sender");
    }, "OTLP grpc exporter for http://collector:4317");
    List<String> log = AgentLogCapture.capture(() -> {
      assertThat(lazy.export(List.of()).isSuccess()).isFalse();
      assertThat(lazy.export(List.of()).isSuccess()).isFalse();
    });
    assertThat(tries).hasValue(1);
    assertThat(log.get(0)).contains(
        "cannot create the OTLP grpc exporter for http://collector:4317; spans will not be sent there");
  }
}
