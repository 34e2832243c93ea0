package io.spanwise.instrumentation.kafka.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.HeaderSetter;
import io.spanwise.core.config.Config;
import io.spanwise.core.trace.AgentInstrumentationContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The settings and header rules of {@link KafkaTracer}; the spans themselves are tested against a real
 * broker in the kafka-tests module.
 */
class KafkaTracerTest {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final ContextPropagators propagators = ContextPropagators.create(TextMapPropagator.composite(
      W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance()));

  /** Headers as a Kafka record keeps them: a list of lines, several of a name possible. */
  private static final HeaderSetter<List<String[]>> SETTER = (headers, name, value) -> {
    headers.removeIf(h -> h[0].equals(name));
    if (value != null) {
      headers.add(new String[] {name, value});
    }
  };

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  void recordModeIsTheDefault() {
    assertThat(KafkaTracer.batchMode(config(Map.of()))).isFalse();
    assertThat(KafkaTracer.producerPropagation(config(Map.of()))).isTrue();
  }

  @Test
  void batchModeByItsOwnNameOrByTheOpenTelemetryAgentsReceiveTelemetryFlag() {
    assertThat(KafkaTracer.batchMode(config(Map.of("spanwise.kafka.consumer-mode", "batch")))).isTrue();
    assertThat(KafkaTracer.batchMode(config(Map.of(
        "otel.instrumentation.messaging.experimental.receive-telemetry.enabled", "true")))).isTrue();
    assertThat(KafkaTracer.batchMode(config(Map.of(
        "otel.instrumentation.messaging.experimental.receive-telemetry.enabled", "true",
        "spanwise.kafka.consumer-mode", "record")))).as("Spanwise's own setting wins").isFalse();
  }

  @Test
  void anUnreadableModeIsReportedAndTheDefaultUsed() {
    Config config = config(Map.of("spanwise.kafka.consumer-mode", "both"));
    assertThat(KafkaTracer.batchMode(config)).isFalse();
    assertThat(config.warnings()).singleElement().asString()
        .contains("spanwise.kafka.consumer-mode", "both", "record", "batch");
  }

  @Test
  void injectionReplacesStaleHeadersAndKeepsOthers() {
    KafkaTracer tracer = new KafkaTracer(new AgentInstrumentationContext(provider.get("test"), propagators, config(Map.of())), true, false);
    List<String[]> headers = new ArrayList<>();
    headers.add(new String[] {"traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"});
    headers.add(new String[] {"traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203332-01"});
    headers.add(new String[] {"tracestate", "stale=1"});
    headers.add(new String[] {"baggage", "stale=1"});
    headers.add(new String[] {"tenant", "acme"});
    ActiveSpan span = tracer.startSend("orders", null, "k", "shop");
    tracer.inject(span, headers, SETTER);
    tracer.endSend(span, 0, 7L, null);

    Map<String, List<String>> byName = new LinkedHashMap<>();
    headers.forEach(h -> byName.computeIfAbsent(h[0], k -> new ArrayList<>()).add(h[1]));
    String spanId = exporter.getFinishedSpanItems().get(0).getSpanId();
    assertThat(byName.get("traceparent")).singleElement().asString().contains(spanId);
    assertThat(byName).doesNotContainKeys("tracestate", "baggage");
    assertThat(byName.get("tenant")).containsExactly("acme");
  }

  @Test
  void propagationOffLeavesTheHeadersAlone() {
    KafkaTracer tracer = new KafkaTracer(new AgentInstrumentationContext(provider.get("test"), propagators, config(Map.of())), false, false);
    List<String[]> headers = new ArrayList<>();
    headers.add(new String[] {"traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"});
    ActiveSpan span = tracer.startSend("orders", null, null, null);
    tracer.inject(span, headers, SETTER);
    tracer.endSend(span, -1, -1L, null);
    assertThat(headers).singleElement().satisfies(h -> assertThat(h[1]).endsWith("b7ad6b7169203331-01"));
  }

  private static Config config(Map<String, String> properties) {
    return Config.of(properties, Map.of());
  }
}
