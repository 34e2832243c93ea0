package io.spanwise.core.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.spanwise.core.config.Config;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import io.spanwise.core.spans.CompactTracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SdkFactoryTest {
  private static final String SENDER_PROPERTY =
      "io.opentelemetry.exporter.internal.http.HttpSenderProvider";

  private final List<AgentSdk> sdks = new ArrayList<>();
  private HttpServer server;

  @AfterEach
  void tearDown() {
    for (AgentSdk sdk : sdks) {
      sdk.shutdown(Duration.ofSeconds(2));
    }
    if (server != null) {
      server.stop(0);
    }
  }

  private static Config config(String... keyValues) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put(keyValues[i], keyValues[i + 1]);
    }
    return Config.of(map, Collections.emptyMap());
  }

  private AgentSdk create(Config config, SpanExporter override) {
    AgentSdk sdk = SdkFactory.create(config, override);
    sdks.add(sdk);
    return sdk;
  }

  private static Object field(Object target, String name) throws Exception {
    Field f = target.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(target);
  }

  // ------------------------------------------------------------------ exporters and description

  @Test
  void defaultIsOtlpHttpProtobufToLocalhost() {
    AgentSdk sdk = create(config(), null);
    assertThat(sdk.exportDescription()).isEqualTo("otlp http/protobuf to http://localhost:4318/v1/traces");
    assertThat(sdk.tracerProvider().toString()).contains("BatchSpanProcessor");
  }

  @Test
  void httpProtobufToAnHttpEndpointGoesOverTheExportersOwnConnection() {
    SdkFactory.OtlpExporter otlp = SdkFactory.otlpExporter(config(), batch());
    try {
      assertThat(otlp.exporter.toString()).startsWith("ResilientSpanExporter{OtlpPlainHttpTransport{"
          + "endpoint=http://localhost:4318/v1/traces, compression=none, headers=[]}, timeout=10000 ms,"
          + " maxHeld=2048, maxBatch=512}");
    } finally {
      otlp.exporter.shutdown();
    }
  }

  @Test
  void httpProtobufToAnHttpsEndpointGoesThroughTheJdkHttpClient() {
    SdkFactory.OtlpExporter otlp = SdkFactory.otlpExporter(
        config("otel.exporter.otlp.endpoint", "https://collector:4318"), batch());
    try {
      assertThat(otlp.exporter.toString()).startsWith("ResilientSpanExporter{OtlpHttpTransport{"
          + "endpoint=https://collector:4318/v1/traces, compression=none, headers=[], tls=default}, timeout=10000 ms,"
          + " maxHeld=2048, maxBatch=512}");
    } finally {
      otlp.exporter.shutdown();
    }
  }

  @Test
  void grpcGoesThroughTheOkHttpTransport() {
    SdkFactory.OtlpExporter otlp = SdkFactory.otlpExporter(config("otel.exporter.otlp.protocol", "grpc"), batch());
    try {
      assertThat(otlp.description).isEqualTo("otlp grpc to http://localhost:4317");
      assertThat(otlp.exporter.toString()).contains("OtlpGrpcTransport{endpoint=http://localhost:4317/"
          + "opentelemetry.proto.collector.trace.v1.TraceService/Export, compression=none, headers=[], tls=default}");
    } finally {
      otlp.exporter.shutdown();
    }
  }

  private static SdkFactory.BatchSettings batch() {
    return SdkFactory.batchSettings(config());
  }

  @Test
  void consoleNoneAndCombinations() {
    assertThat(create(config("otel.traces.exporter", "console"), null).exportDescription())
        .isEqualTo("console");
    AgentSdk none = create(config("otel.traces.exporter", "none"), null);
    assertThat(none.exportDescription()).isEqualTo("none");
    assertThat(none.tracerProvider().toString()).doesNotContain("BatchSpanProcessor");
    assertThat(create(config("otel.traces.exporter", "otlp, console"), null).exportDescription())
        .isEqualTo("otlp http/protobuf to http://localhost:4318/v1/traces, console");
    assertThat(create(config("otel.traces.exporter", "CONSOLE"), null).exportDescription())
        .isEqualTo("console");
    assertThat(create(config("otel.traces.exporter", "logging"), null).exportDescription())
        .isEqualTo("console");
  }

  @Test
  void unknownExporterWarnsAndUsesTheDefault() {
    Config config = config("otel.traces.exporter", "zipkin");
    assertThat(create(config, null).exportDescription())
        .isEqualTo("otlp http/protobuf to http://localhost:4318/v1/traces");
    assertThat(config.warnings())
        .containsExactly("otel.traces.exporter=\"zipkin\" is not valid (accepted: a comma separated list of"
            + " otlp, console, none); using the default: otlp");
  }

  @Test
  void unknownEntryNextToAKnownOneIsSkipped() {
    Config config = config("otel.traces.exporter", "console,jaeger");
    assertThat(SdkFactory.exporters(config)).containsExactly("console");
    assertThat(config.warnings()).containsExactly(
        "otel.traces.exporter lists \"jaeger\", which is not a known exporter (accepted: otlp, console, none);"
            + " skipping it");
  }

  @Test
  void noneCombinedWithOthersIsIgnored() {
    Config config = config("otel.traces.exporter", "none,console");
    assertThat(SdkFactory.exporters(config)).containsExactly("console");
    assertThat(config.warnings()).hasSize(1);
  }

  // ------------------------------------------------------------------ endpoints

  @Test
  void generalEndpointGetsTheTracesPath() {
    assertThat(SdkFactory.otlpEndpoint(config("otel.exporter.otlp.endpoint", "http://collector:4318"),
        "http/protobuf")).isEqualTo("http://collector:4318/v1/traces");
    assertThat(SdkFactory.otlpEndpoint(config("otel.exporter.otlp.endpoint", "http://collector:4318/"),
        "http/protobuf")).isEqualTo("http://collector:4318/v1/traces");
    assertThat(SdkFactory.otlpEndpoint(config("otel.exporter.otlp.endpoint", "https://gw.example.com/otlp"),
        "http/protobuf")).isEqualTo("https://gw.example.com/otlp/v1/traces");
    assertThat(SdkFactory.otlpEndpoint(config("otel.exporter.otlp.endpoint", "https://gw.example.com/otlp/"),
        "http/protobuf")).isEqualTo("https://gw.example.com/otlp/v1/traces");
  }

  @Test
  void generalEndpointIsUsedAsIsForGrpc() {
    assertThat(SdkFactory.otlpEndpoint(config("otel.exporter.otlp.endpoint", "http://collector:4317"), "grpc"))
        .isEqualTo("http://collector:4317");
    assertThat(SdkFactory.otlpEndpoint(config(), "grpc")).isEqualTo("http://localhost:4317");
  }

  @Test
  void tracesEndpointIsUsedAsIsAndWins() {
    Config config = config(
        "otel.exporter.otlp.endpoint", "http://general:4318",
        "otel.exporter.otlp.traces.endpoint", "http://specific:9999/custom/path");
    assertThat(SdkFactory.otlpEndpoint(config, "http/protobuf")).isEqualTo("http://specific:9999/custom/path");
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void endpointFromTheEnvironment() {
    Config config = Config.of(Collections.emptyMap(),
        Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector:4318"));
    assertThat(create(config, null).exportDescription())
        .isEqualTo("otlp http/protobuf to http://otel-collector:4318/v1/traces");
  }

  @Test
  void malformedEndpointsWarnAndUseTheDefault() {
    for (String bad : new String[] {"localhost:4318", "collector", "ftp://collector:21", "http://", "http://a b"}) {
      Config config = config("otel.exporter.otlp.endpoint", bad);
      assertThat(SdkFactory.otlpEndpoint(config, "http/protobuf")).as(bad)
          .isEqualTo("http://localhost:4318/v1/traces");
      assertThat(config.warnings()).as(bad).containsExactly(
          "otel.exporter.otlp.endpoint=\"" + bad + "\" is not valid (accepted: an http:// or https:// URL"
              + " with a host, e.g. http://collector:4318); using the default: http://localhost:4318");
    }
  }

  @Test
  void malformedTracesEndpointFallsBackToTheGeneralOne() {
    Config config = config(
        "otel.exporter.otlp.endpoint", "http://general:4318",
        "otel.exporter.otlp.traces.endpoint", "general:4318/v1/traces");
    assertThat(SdkFactory.otlpEndpoint(config, "http/protobuf")).isEqualTo("http://general:4318/v1/traces");
    assertThat(config.warnings()).containsExactly(
        "otel.exporter.otlp.traces.endpoint=\"general:4318/v1/traces\" is not valid (accepted: an http://"
            + " or https:// URL with a host, e.g. http://collector:4318); using the default:"
            + " http://general:4318/v1/traces");
  }

  // ------------------------------------------------------------------ other OTLP settings

  @Test
  void protocolCompressionTimeoutAndHeadersAreApplied() {
    SdkFactory.OtlpExporter otlp = SdkFactory.otlpExporter(config(
        "otel.exporter.otlp.endpoint", "http://collector:4318",
        "otel.exporter.otlp.compression", "gzip",
        "otel.exporter.otlp.timeout", "3s",
        "otel.exporter.otlp.headers", "api-key=abc,x-team=shop"), batch());
    try {
      String text = otlp.exporter.toString();
      assertThat(text).contains("endpoint=http://collector:4318/v1/traces")
          .contains("timeout=3000 ms")
          .contains("compression=gzip")
          .contains("headers=[api-key, x-team]").doesNotContain("abc").doesNotContain("shop");
      assertThat(otlp.description).isEqualTo("otlp http/protobuf to http://collector:4318/v1/traces (gzip)");
    } finally {
      otlp.exporter.shutdown();
    }
  }

  @Test
  void tracesSpecificKeysWinOverGeneralOnes() {
    Config config = config(
        "otel.exporter.otlp.protocol", "http/protobuf",
        "otel.exporter.otlp.traces.protocol", "grpc",
        "otel.exporter.otlp.compression", "gzip",
        "otel.exporter.otlp.traces.compression", "none",
        "otel.exporter.otlp.timeout", "3s",
        "otel.exporter.otlp.traces.timeout", "4s",
        "otel.exporter.otlp.headers", "general=1",
        "otel.exporter.otlp.traces.headers", "specific=2");
    SdkFactory.OtlpExporter otlp = SdkFactory.otlpExporter(config, batch());
    try {
      assertThat(otlp.protocol).isEqualTo("grpc");
      String text = otlp.exporter.toString();
      assertThat(text).contains("timeout=4000 ms")
          .contains("compression=none")
          .contains("headers=[specific]");
    } finally {
      otlp.exporter.shutdown();
    }
  }

  @Test
  void badProtocolCompressionAndTimeoutWarn() {
    Config config = config(
        "otel.exporter.otlp.protocol", "http/json",
        "otel.exporter.otlp.compression", "zstd",
        "otel.exporter.otlp.timeout", "-1s");
    SdkFactory.OtlpExporter otlp = SdkFactory.otlpExporter(config, batch());
    try {
      assertThat(otlp.protocol).isEqualTo("http/protobuf");
      assertThat(otlp.exporter.toString())
          .contains("timeout=10000 ms")
          .contains("compression=none");
      assertThat(config.warnings()).hasSize(3);
      assertThat(config.warnings().get(0)).isEqualTo("otel.exporter.otlp.protocol=\"http/json\" is not valid"
          + " (accepted: one of http/protobuf, grpc); using the default: http/protobuf");
      assertThat(config.warnings().get(1)).isEqualTo("otel.exporter.otlp.compression=\"zstd\" is not valid"
          + " (accepted: one of gzip, none); using the default: none");
      assertThat(config.warnings().get(2)).startsWith("otel.exporter.otlp.timeout=\"-1s\" is not valid")
          .endsWith("using the default: 10s");
    } finally {
      otlp.exporter.shutdown();
    }
  }

  @Test
  void unreadableCertificateIsWarnedAboutAndIgnored(@TempDir Path dir) throws Exception {
    Config missing = config("otel.exporter.otlp.certificate", dir.resolve("nope.pem").toString());
    assertThat(SdkFactory.trustedCertificates(missing)).isNull();
    assertThat(missing.warnings()).hasSize(1);
    assertThat(missing.warnings().get(0))
        .isEqualTo("otel.exporter.otlp.certificate=\"" + dir.resolve("nope.pem") + "\" is not valid:"
            + " no such file (accepted: the path of a readable PEM file of trusted certificates);"
            + " using the default: the JVM's trusted certificates");

    Path garbage = Files.write(dir.resolve("garbage.pem"), "not a certificate".getBytes(StandardCharsets.UTF_8));
    Config notPem = config("otel.exporter.otlp.traces.certificate", garbage.toString());
    assertThat(SdkFactory.trustedCertificates(notPem)).isNull();
    assertThat(notPem.warnings()).hasSize(1);
    assertThat(notPem.warnings().get(0)).startsWith("otel.exporter.otlp.traces.certificate=")
        .contains("is not valid: not PEM certificates");

    // and the exporter is still built
    SdkFactory.OtlpExporter otlp = SdkFactory.otlpExporter(config(
        "otel.exporter.otlp.endpoint", "https://collector:4318",
        "otel.exporter.otlp.certificate", garbage.toString()), batch());
    assertThat(otlp).isNotNull();
    otlp.exporter.shutdown();
  }

  @Test
  void readablePemCertificateIsUsed(@TempDir Path dir) throws Exception {
    Path pem = dir.resolve("ca.pem");
    try (InputStream in = getClass().getResourceAsStream("test-ca.pem")) {
      Files.write(pem, in.readAllBytes());
    }
    Config config = config("otel.exporter.otlp.endpoint", "https://collector:4318",
        "otel.exporter.otlp.certificate", pem.toString());
    assertThat(SdkFactory.trustedCertificates(config)).isNotNull();
    SdkFactory.OtlpExporter otlp = SdkFactory.otlpExporter(config, batch());
    assertThat(otlp).isNotNull();
    assertThat(otlp.exporter.toString()).contains("tls=custom");
    assertThat(otlp.description).endsWith("(custom trust)");
    otlp.exporter.shutdown();
    assertThat(config.warnings()).isEmpty();
  }

  // ------------------------------------------------------------------ sampler

  @Test
  void samplers() {
    assertThat(SdkFactory.sampler(config())).isEqualTo(Sampler.parentBased(Sampler.alwaysOn()));
    assertThat(SdkFactory.sampler(config("otel.traces.sampler", "always_on"))).isEqualTo(Sampler.alwaysOn());
    assertThat(SdkFactory.sampler(config("otel.traces.sampler", "always_off"))).isEqualTo(Sampler.alwaysOff());
    assertThat(SdkFactory.sampler(config("otel.traces.sampler", "parentbased_always_off")))
        .isEqualTo(Sampler.parentBased(Sampler.alwaysOff()));
    assertThat(SdkFactory.sampler(config("otel.traces.sampler", "traceidratio", "otel.traces.sampler.arg", "0.25"))
            .getDescription())
        .isEqualTo(Sampler.traceIdRatioBased(0.25).getDescription());
    assertThat(SdkFactory.sampler(config("otel.traces.sampler", "PARENTBASED_TRACEIDRATIO",
            "otel.traces.sampler.arg", "0.5")).getDescription())
        .isEqualTo(Sampler.parentBased(Sampler.traceIdRatioBased(0.5)).getDescription());
    assertThat(SdkFactory.sampler(config("otel.traces.sampler", "traceidratio")).getDescription())
        .isEqualTo(Sampler.traceIdRatioBased(1.0).getDescription());
  }

  @Test
  void onlyTheTraceIdRatioSamplersAreGivenTheTraceIdsText() {
    assertThat(SdkFactory.samplerReadsTraceId(config())).isEqualTo(CompactTracer.SamplerReadsTraceId.NEVER);
    for (String name : new String[] {"always_on", "always_off", "parentbased_always_on", "parentbased_always_off"}) {
      assertThat(SdkFactory.samplerReadsTraceId(config("otel.traces.sampler", name)))
          .isEqualTo(CompactTracer.SamplerReadsTraceId.NEVER);
    }
    assertThat(SdkFactory.samplerReadsTraceId(config("otel.traces.sampler", "parentbased_traceidratio")))
        .isEqualTo(CompactTracer.SamplerReadsTraceId.FOR_ROOTS);
    assertThat(SdkFactory.samplerReadsTraceId(config("otel.traces.sampler", "TraceIdRatio")))
        .isEqualTo(CompactTracer.SamplerReadsTraceId.ALWAYS);
  }

  @Test
  void badSamplerArgWarnsWithTheDocumentedLine() {
    Config config = config("otel.traces.sampler", "traceidratio", "otel.traces.sampler.arg", "abc");
    assertThat(SdkFactory.sampler(config).getDescription())
        .isEqualTo(Sampler.traceIdRatioBased(1.0).getDescription());
    assertThat(config.warnings()).containsExactly(
        "otel.traces.sampler.arg=\"abc\" is not valid (accepted: a number from 0.0 to 1.0); using the default: 1.0");
  }

  @Test
  void samplerArgIsNotReadForOtherSamplers() {
    Config config = config("otel.traces.sampler", "always_on", "otel.traces.sampler.arg", "abc");
    SdkFactory.sampler(config);
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void unknownSamplerWarns() {
    Config config = config("otel.traces.sampler", "jaeger_remote");
    assertThat(SdkFactory.sampler(config)).isEqualTo(Sampler.parentBased(Sampler.alwaysOn()));
    assertThat(config.warnings()).containsExactly("otel.traces.sampler=\"jaeger_remote\" is not valid"
        + " (accepted: one of always_on, always_off, traceidratio, parentbased_always_on,"
        + " parentbased_always_off, parentbased_traceidratio); using the default: parentbased_always_on");
  }

  @Test
  void samplerIsInstalled() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    AgentSdk sdk = create(config("otel.traces.sampler", "always_off"), memory);
    sdk.tracer().spanBuilder("dropped").startSpan().end();
    assertThat(memory.getFinishedSpanItems()).isEmpty();
  }

  // ------------------------------------------------------------------ propagators

  @Test
  void defaultPropagatorsAreW3cTraceContextAndBaggage() {
    ContextPropagators propagators = SdkFactory.propagators(config());
    assertThat(propagators.getTextMapPropagator().fields())
        .containsExactlyInAnyOrder("traceparent", "tracestate", "baggage");
  }

  @Test
  void eachPropagator() {
    assertThat(SdkFactory.propagators(config("otel.propagators", "b3")).getTextMapPropagator().fields())
        .contains("b3");
    assertThat(SdkFactory.propagators(config("otel.propagators", "b3multi")).getTextMapPropagator().fields())
        .contains("X-B3-TraceId", "X-B3-SpanId");
    assertThat(SdkFactory.propagators(config("otel.propagators", "jaeger")).getTextMapPropagator().fields())
        .contains("uber-trace-id");
    assertThat(SdkFactory.propagators(config("otel.propagators", "ottrace")).getTextMapPropagator().fields())
        .contains("ot-tracer-traceid");
    assertThat(SdkFactory.propagators(config("otel.propagators", "tracecontext, B3")).getTextMapPropagator()
        .fields()).contains("traceparent", "b3").doesNotContain("baggage");
  }

  @Test
  void nonePropagatorIsNoop() {
    assertThat(SdkFactory.propagators(config("otel.propagators", "none")).getTextMapPropagator().fields())
        .isEmpty();
  }

  @Test
  void unknownPropagatorsAreSkipped() {
    Config config = config("otel.propagators", "tracecontext,xray");
    assertThat(SdkFactory.propagators(config).getTextMapPropagator().fields())
        .containsExactlyInAnyOrder("traceparent", "tracestate");
    assertThat(config.warnings()).containsExactly("otel.propagators lists \"xray\", which is not a known"
        + " propagator (accepted: tracecontext, baggage, b3, b3multi, jaeger, ottrace, none); skipping it");
  }

  @Test
  void onlyUnknownPropagatorsFallBackToTheDefault() {
    Config config = config("otel.propagators", "tracecontxt");
    assertThat(SdkFactory.propagators(config).getTextMapPropagator().fields())
        .containsExactlyInAnyOrder("traceparent", "tracestate", "baggage");
    assertThat(config.warnings()).containsExactly("otel.propagators=\"tracecontxt\" is not valid (accepted:"
        + " a comma separated list of tracecontext, baggage, b3, b3multi, jaeger, ottrace, none);"
        + " using the default: tracecontext,baggage");
  }

  @Test
  void agentSdkExposesThePropagators() {
    AgentSdk sdk = create(config("otel.propagators", "b3multi"), InMemorySpanExporter.create());
    assertThat(sdk.propagators().getTextMapPropagator().fields()).contains("X-B3-TraceId");
  }

  // ------------------------------------------------------------------ batch span processor

  @Test
  void batchSettingsDefaults() {
    SdkFactory.BatchSettings b = SdkFactory.batchSettings(config());
    assertThat(b.scheduleDelay).isEqualTo(Duration.ofMillis(5000));
    assertThat(b.maxQueueSize).isEqualTo(2048);
    assertThat(b.maxExportBatchSize).isEqualTo(512);
    assertThat(b.exportTimeout).isEqualTo(Duration.ofMillis(30000));
  }

  @Test
  void batchSettingsFromConfig() {
    Config config = config("otel.bsp.schedule.delay", "200", "otel.bsp.max.queue.size", "100",
        "otel.bsp.max.export.batch.size", "10", "otel.bsp.export.timeout", "2s");
    SdkFactory.BatchSettings b = SdkFactory.batchSettings(config);
    assertThat(b.scheduleDelay).isEqualTo(Duration.ofMillis(200));
    assertThat(b.maxQueueSize).isEqualTo(100);
    assertThat(b.maxExportBatchSize).isEqualTo(10);
    assertThat(b.exportTimeout).isEqualTo(Duration.ofSeconds(2));
    AgentSdk sdk = create(config, null);
    assertThat(sdk.tracerProvider().toString())
        .contains("scheduleDelayNanos=" + TimeUnit.MILLISECONDS.toNanos(200))
        .contains("maxExportBatchSize=10")
        .contains("exporterTimeoutNanos=" + TimeUnit.SECONDS.toNanos(2));
  }

  @Test
  void batchLargerThanQueueIsCapped() {
    Config config = config("otel.bsp.max.queue.size", "100", "otel.bsp.max.export.batch.size", "512");
    assertThat(SdkFactory.batchSettings(config).maxExportBatchSize).isEqualTo(100);
    assertThat(config.warnings()).containsExactly(
        "otel.bsp.max.export.batch.size=512 is larger than otel.bsp.max.queue.size=100; using 100");
  }

  @Test
  void badBatchSettingsWarn() {
    Config config = config("otel.bsp.max.queue.size", "0", "otel.bsp.schedule.delay", "-5");
    SdkFactory.BatchSettings b = SdkFactory.batchSettings(config);
    assertThat(b.maxQueueSize).isEqualTo(2048);
    assertThat(b.scheduleDelay).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.warnings()).hasSize(2);
  }

  // ------------------------------------------------------------------ span limits

  @Test
  void spanLimits() {
    SpanLimits limits = SdkFactory.spanLimits(config(
        "otel.span.attribute.value.length.limit", "100",
        "otel.span.attribute.count.limit", "10",
        "otel.span.event.count.limit", "5",
        "otel.span.link.count.limit", "3"));
    assertThat(limits.getMaxAttributeValueLength()).isEqualTo(100);
    assertThat(limits.getMaxNumberOfAttributes()).isEqualTo(10);
    assertThat(limits.getMaxNumberOfEvents()).isEqualTo(5);
    assertThat(limits.getMaxNumberOfLinks()).isEqualTo(3);
  }

  @Test
  void spanLimitsFallBackToTheGeneralAttributeLimits() {
    SpanLimits limits = SdkFactory.spanLimits(config(
        "otel.attribute.value.length.limit", "50", "otel.attribute.count.limit", "20"));
    assertThat(limits.getMaxAttributeValueLength()).isEqualTo(50);
    assertThat(limits.getMaxNumberOfAttributes()).isEqualTo(20);
    assertThat(limits.getMaxNumberOfAttributesPerEvent()).isEqualTo(20);
    SpanLimits both = SdkFactory.spanLimits(config(
        "otel.attribute.value.length.limit", "50", "otel.span.attribute.value.length.limit", "70"));
    assertThat(both.getMaxAttributeValueLength()).isEqualTo(70);
  }

  @Test
  void spanLimitDefaultsAndBadValues() {
    Config config = config("otel.span.attribute.count.limit", "-1");
    SpanLimits limits = SdkFactory.spanLimits(config);
    assertThat(limits).isEqualTo(SpanLimits.getDefault());
    assertThat(config.warnings()).hasSize(1);
  }

  @Test
  void spanLimitsAreApplied() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    AgentSdk sdk = create(config("otel.span.attribute.value.length.limit", "5"), memory);
    sdk.tracer().spanBuilder("s").setAttribute("k", "0123456789").startSpan().end();
    assertThat(memory.getFinishedSpanItems().get(0).getAttributes().get(
        io.opentelemetry.api.common.AttributeKey.stringKey("k"))).isEqualTo("01234");
  }

  // ------------------------------------------------------------------ override, tracer, resource

  @Test
  void overrideExporterGetsSpansSynchronously() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    AgentSdk sdk = create(config("otel.traces.exporter", "console"), memory);
    assertThat(sdk.exportDescription()).isEqualTo("in-process exporter InMemorySpanExporter");
    Span span = sdk.tracer().spanBuilder("op").startSpan();
    span.end();
    List<SpanData> spans = memory.getFinishedSpanItems();
    assertThat(spans).hasSize(1);
    InstrumentationScopeInfo scope = spans.get(0).getInstrumentationScopeInfo();
    assertThat(scope.getName()).isEqualTo("io.spanwise");
    assertThat(scope.getVersion()).isEqualTo(AgentVersion.get()).isEqualTo("dev");
    assertThat(spans.get(0).getResource().getAttribute(AgentResource.DISTRO_NAME)).isEqualTo("spanwise");
  }

  @Test
  void resourceIsExposedAndCarriesTheServiceName() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    AgentSdk sdk = create(config("otel.service.name", "checkout"), memory);
    assertThat(sdk.resource().getAttribute(AgentResource.SERVICE_NAME)).isEqualTo("checkout");
    sdk.tracer().spanBuilder("op").startSpan().end();
    assertThat(memory.getFinishedSpanItems().get(0).getResource()).isEqualTo(sdk.resource());
  }

  @Test
  void shutdownIsIdempotentAndShutsTheExporterDown() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    AgentSdk sdk = SdkFactory.create(config(), memory);
    sdk.tracer().spanBuilder("op").startSpan().end();
    sdk.shutdown();
    sdk.shutdown();
    // InMemorySpanExporter clears its spans and refuses more once shut down
    assertThat(memory.export(List.of()).isSuccess()).isFalse();
  }

  @Test
  void consoleExporterPrintsPendingTracesOnShutdown() {
    java.io.PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      AgentSdk sdk = SdkFactory.create(config("otel.traces.exporter", "console", "otel.service.name", "demo"), null);
      Span root = sdk.tracer().spanBuilder("root").startSpan();
      sdk.tracer().spanBuilder("child")
          .setParent(io.opentelemetry.context.Context.root().with(root)).startSpan().end();
      sdk.shutdown();
    } finally {
      System.setOut(original);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains("service=demo", "root=\"child\"", "INCOMPLETE");
  }

  // ------------------------------------------------------------------ end to end over loopback

  /** A request the fake collector received. */
  private static final class Received {
    final String path;
    final Map<String, List<String>> headers;
    final byte[] body;

    Received(String path, Map<String, List<String>> headers, byte[] body) {
      this.path = path;
      this.headers = headers;
      this.body = body;
    }
  }

  private String startCollector(BlockingQueue<Received> received, CountDownLatch release) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try {
        byte[] body = exchange.getRequestBody().readAllBytes();
        received.add(new Received(exchange.getRequestURI().getPath(),
            new HashMap<>(exchange.getRequestHeaders()), body));
        if (release != null) {
          release.await(30, TimeUnit.SECONDS);
        }
        exchange.sendResponseHeaders(200, -1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        exchange.close();
      }
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-collector");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void spansReachACollectorOverHttpWithDecodedHeadersAndGzip() throws Exception {
    BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    String endpoint = startCollector(received, null);
    AgentSdk sdk = SdkFactory.create(config(
        "otel.exporter.otlp.endpoint", endpoint + "/",
        "otel.exporter.otlp.headers", "authorization=Bearer%20abc%2Cdef",
        "otel.exporter.otlp.compression", "gzip",
        "otel.service.name", "e2e-service"), null);
    sdk.tracer().spanBuilder("e2e-span").startSpan().end();
    sdk.shutdown(); // flushes the batch before the 5 s schedule delay

    Received r = received.poll(10, TimeUnit.SECONDS);
    assertThat(r).isNotNull();
    assertThat(r.path).isEqualTo("/v1/traces");
    assertThat(r.headers.get("Authorization")).containsExactly("Bearer abc,def");
    assertThat(r.headers.get("Content-type")).containsExactly("application/x-protobuf");
    assertThat(r.headers.get("Content-encoding")).containsExactly("gzip");
    byte[] body = new GZIPInputStream(new java.io.ByteArrayInputStream(r.body)).readAllBytes();
    String text = new String(body, StandardCharsets.ISO_8859_1);
    assertThat(text).contains("e2e-span").contains("e2e-service").contains("io.spanwise")
        .contains("spanwise");
  }

  @Test
  void aCollectorThatDoesNotAnswerCostsDroppedSpansButNeverAHangAtShutdown() throws Exception {
    BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    CountDownLatch release = new CountDownLatch(1);
    String endpoint = startCollector(received, release);
    try {
      AgentSdk sdk = SdkFactory.create(config(
          "otel.exporter.otlp.endpoint", endpoint,
          "otel.bsp.schedule.delay", "0",
          "otel.bsp.max.queue.size", "4",
          "otel.bsp.max.export.batch.size", "1",
          "otel.exporter.otlp.timeout", "30s"), null);
      sdk.tracer().spanBuilder("first").startSpan().end();
      assertThat(received.poll(10, TimeUnit.SECONDS)).as("the first export is in flight").isNotNull();
      for (int i = 0; i < 20; i++) {
        sdk.tracer().spanBuilder("more-" + i).startSpan().end();
      }
      // the exporter holds at most the queue's 4 while the first send waits: 16 are given up
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (sdk.droppedSpans() < 16 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(sdk.droppedSpans()).isEqualTo(16);
      assertTimeoutPreemptively(Duration.ofSeconds(20), () -> sdk.shutdown(Duration.ofSeconds(1)));
    } finally {
      release.countDown();
    }
  }

  @Test
  void createNeverThrows() {
    AgentSdk sdk = create(config(
        "otel.traces.exporter", "???",
        "otel.exporter.otlp.endpoint", "::::",
        "otel.exporter.otlp.protocol", "carrier-pigeon",
        "otel.traces.sampler", "sometimes",
        "otel.propagators", ",,,",
        "otel.resource.attributes", "=,=,\u00e9t\u00e9=summer",
        "otel.bsp.max.queue.size", "-1",
        "otel.span.link.count.limit", "many"), null);
    assertThat(sdk.tracer()).isNotNull();
    assertThat(sdk.exportDescription()).isEqualTo("otlp http/protobuf to http://localhost:4318/v1/traces");
  }

}
