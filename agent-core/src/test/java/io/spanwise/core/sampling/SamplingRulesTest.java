package io.spanwise.core.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.spanwise.core.config.Config;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The rules on the real SDK, with a clock the test moves (no timed assertions). */
class SamplingRulesTest {
  private static final long START_MILLIS = 1_700_000_000_000L;
  private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
  private final InMemorySpanExporter exported = InMemorySpanExporter.create();
  private SdkTracerProvider provider;
  private TailKeepingProcessor keeping;

  @AfterEach
  void close() {
    if (provider != null) {
      provider.shutdown().join(5, TimeUnit.SECONDS);
    }
  }

  private static Config config(String... keyValues) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put(keyValues[i], keyValues[i + 1]);
    }
    return Config.of(map, Map.of());
  }

  /** Head sampling as configured (never, unless a test says otherwise), rules from the settings. */
  private Tracer tracer(Sampler head, String... settings) {
    SamplingRules rules = SamplingRules.fromConfig(config(settings));
    var builder = SdkTracerProvider.builder()
        .setSampler(rules.sampler(head, clock::get))
        .addSpanProcessor(SimpleSpanProcessor.create(exported));
    if (rules.keepsTraces()) {
      keeping = (TailKeepingProcessor) rules.keepingProcessor(exported, clock::get);
      builder.addSpanProcessor(keeping);
    }
    provider = builder.build();
    return provider.get("test");
  }

  /** A local trace: root "GET /checkout" with two children, one of them failing if asked. */
  private String trace(Tracer tracer, String rootName, long rootMillis, boolean childFails) {
    Span root = tracer.spanBuilder(rootName).setStartTimestamp(START_MILLIS, TimeUnit.MILLISECONDS).startSpan();
    try (Scope ignored = root.makeCurrent()) {
      tracer.spanBuilder("SELECT shop.items").startSpan().end();
      Span child = tracer.spanBuilder("GET").startSpan();
      if (childFails) {
        child.setStatus(StatusCode.ERROR);
      }
      child.end();
    }
    root.end(START_MILLIS + rootMillis, TimeUnit.MILLISECONDS);
    return root.getSpanContext().getTraceId();
  }

  private List<SpanData> exportedOf(String traceId) {
    return exported.getFinishedSpanItems().stream()
        .filter(s -> s.getTraceId().equals(traceId)).collect(Collectors.toList());
  }

  private static String reason(SpanData span) {
    return span.getAttributes().get(RuleSampler.REASON);
  }

  @Test
  void aFailedTraceTheHeadDroppedIsExportedWholeWithItsReason() {
    Tracer tracer = tracer(Sampler.alwaysOff(), "spanwise.traces.keep-errors", "true");
    String failed = trace(tracer, "GET /checkout", 10, true);
    String fine = trace(tracer, "GET /checkout", 10, false);

    List<SpanData> spans = exportedOf(failed);
    assertThat(spans).extracting(SpanData::getName).containsExactlyInAnyOrder("SELECT shop.items", "GET", "GET /checkout");
    SpanData root = spans.stream().filter(s -> s.getName().equals("GET /checkout")).findFirst().orElseThrow();
    assertThat(reason(root)).isEqualTo("error");
    assertThat(spans).allSatisfy(s -> assertThat(s.getSpanContext().isSampled())
        .as("the W3C sampled flag says what the head decided").isFalse());
    assertThat(spans.stream().filter(s -> s != root).map(SamplingRulesTest::reason)).containsOnlyNulls();
    assertThat(exportedOf(fine)).isEmpty();
    assertThat(keeping.heldSpans()).isZero();
  }

  @Test
  void slowTracesAreKeptPerRouteFirstRuleWins() {
    Tracer tracer = tracer(Sampler.alwaysOff(),
        "spanwise.traces.keep-slow", "GET /checkout=300ms, POST /orders/*=1s, *=2s");
    String slowCheckout = trace(tracer, "GET /checkout", 400, false);
    String fastCheckout = trace(tracer, "GET /checkout", 200, false);
    String slowOrder = trace(tracer, "POST /orders/{id}", 1500, false);
    String okOrder = trace(tracer, "POST /orders/{id}", 900, false);
    String other = trace(tracer, "GET /catalog", 1900, false);
    String slowOther = trace(tracer, "GET /catalog", 2100, false);

    assertThat(exportedOf(slowCheckout)).hasSize(3).anySatisfy(s -> assertThat(reason(s)).isEqualTo("slow"));
    assertThat(exportedOf(slowOrder)).hasSize(3);
    assertThat(exportedOf(slowOther)).hasSize(3);
    assertThat(exportedOf(fastCheckout)).isEmpty();
    assertThat(exportedOf(okOrder)).isEmpty();
    assertThat(exportedOf(other)).isEmpty();
  }

  @Test
  void headSampledTracesGoOutAsBeforeAndSayHead() {
    Tracer tracer = tracer(Sampler.alwaysOn(), "spanwise.traces.keep-errors", "true");
    String traceId = trace(tracer, "GET /checkout", 10, false);
    List<SpanData> spans = exportedOf(traceId);
    assertThat(spans).hasSize(3).allSatisfy(s -> assertThat(s.getSpanContext().isSampled()).isTrue());
    assertThat(spans.stream().filter(s -> s.getName().equals("GET /checkout")).map(SamplingRulesTest::reason))
        .containsExactly("head");
    assertThat(keeping.heldSpans()).isZero();
  }

  @Test
  void aSpanEndingAfterItsLocalRootFollowsTheDecision() {
    Tracer tracer = tracer(Sampler.alwaysOff(), "spanwise.traces.keep-errors", "true");
    Span root = tracer.spanBuilder("GET /checkout").startSpan();
    Span late;
    try (Scope ignored = root.makeCurrent()) {
      late = tracer.spanBuilder("async work").startSpan();
      Span failing = tracer.spanBuilder("GET").startSpan();
      failing.setStatus(StatusCode.ERROR);
      failing.end();
    }
    root.end();
    late.end();
    assertThat(exportedOf(root.getSpanContext().getTraceId())).extracting(SpanData::getName)
        .containsExactlyInAnyOrder("GET", "GET /checkout", "async work");
  }

  /** A remote parent that did not sample: this service keeps its own part when it fails. */
  @Test
  void aDownstreamPartIsKeptByItsOwnRules() {
    Tracer tracer = tracer(Sampler.parentBased(Sampler.alwaysOn()), "spanwise.traces.keep-errors", "true");
    SpanContext upstream = SpanContext.createFromRemoteParent("4bf92f3577b34da6a3ce929d0e0e4736",
        "00f067aa0ba902b7", TraceFlags.getDefault(), TraceState.getDefault());
    Context parent = Context.root().with(Span.wrap(upstream));
    Span server = tracer.spanBuilder("GET /quote").setParent(parent).startSpan();
    server.setStatus(StatusCode.ERROR);
    server.end();
    List<SpanData> spans = exportedOf("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(spans).singleElement().satisfies(s -> {
      assertThat(reason(s)).isEqualTo("error");
      assertThat(s.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
    });
  }

  @Test
  void aTraceWithTooManySpansIsDroppedWholeAndCounted() {
    Tracer tracer = tracer(Sampler.alwaysOff(), "spanwise.traces.keep-errors", "true",
        "spanwise.traces.keep.max-spans-per-trace", "2");
    String traceId = trace(tracer, "GET /checkout", 10, true);
    assertThat(exportedOf(traceId)).isEmpty();
    assertThat(keeping.droppedTraces()).isEqualTo(1);
    assertThat(keeping.heldSpans()).isZero();
  }

  @Test
  void pastTheBufferTheOldestPendingTracesAreDroppedWhole() {
    Tracer tracer = tracer(Sampler.alwaysOff(), "spanwise.traces.keep-errors", "true",
        "spanwise.traces.keep.max-spans", "3");
    Span first = tracer.spanBuilder("first root").startSpan();
    try (Scope ignored = first.makeCurrent()) {
      tracer.spanBuilder("a").startSpan().end();
      tracer.spanBuilder("b").startSpan().end();
    }
    Span second = tracer.spanBuilder("second root").startSpan();
    try (Scope ignored = second.makeCurrent()) {
      Span failing = tracer.spanBuilder("c").startSpan();
      failing.setStatus(StatusCode.ERROR);
      failing.end();
      tracer.spanBuilder("d").startSpan().end();
    }
    assertThat(keeping.droppedTraces()).as("the first trace, the oldest, made room").isEqualTo(1);
    assertThat(keeping.heldSpans()).isEqualTo(2);
    second.end();
    first.end();
    assertThat(exportedOf(second.getSpanContext().getTraceId())).hasSize(3);
    assertThat(exportedOf(first.getSpanContext().getTraceId())).isEmpty();
    assertThat(keeping.heldSpans()).isZero();
  }

  @Test
  void aTraceWhoseRootNeverEndsIsDroppedAfterMaxWait() {
    Tracer tracer = tracer(Sampler.alwaysOff(), "spanwise.traces.keep-errors", "true",
        "spanwise.traces.keep.max-wait", "60s");
    Span forever = tracer.spanBuilder("never ends").startSpan();
    try (Scope ignored = forever.makeCurrent()) {
      tracer.spanBuilder("child").startSpan().end();
    }
    assertThat(keeping.heldSpans()).isEqualTo(1);
    clock.addAndGet(Duration.ofSeconds(61).toNanos());
    trace(tracer, "GET /checkout", 10, false);
    assertThat(keeping.droppedTraces()).isEqualTo(1);
    assertThat(keeping.heldSpans()).isZero();
  }

  @Test
  void theRateLimitCapsNewTracesAndChildrenFollowTheirParent() {
    Tracer tracer = tracer(Sampler.parentBased(Sampler.alwaysOn()), "spanwise.traces.max-per-second", "3");
    int sampled = 0;
    for (int i = 0; i < 10; i++) {
      Span root = tracer.spanBuilder("GET /" + i).startSpan();
      try (Scope ignored = root.makeCurrent()) {
        Span child = tracer.spanBuilder("child").startSpan();
        assertThat(child.getSpanContext().isSampled()).isEqualTo(root.getSpanContext().isSampled());
        child.end();
      }
      root.end();
      sampled += root.getSpanContext().isSampled() ? 1 : 0;
    }
    assertThat(sampled).isEqualTo(3);
    assertThat(exported.getFinishedSpanItems().stream().filter(s -> s.getParentSpanContext().isValid() == false)
        .map(SamplingRulesTest::reason)).containsOnly("rate");

    SpanContext remoteSampled = SpanContext.createFromRemoteParent("4bf92f3577b34da6a3ce929d0e0e4736",
        "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault());
    Span continued = tracer.spanBuilder("GET /quote").setParent(Context.root().with(Span.wrap(remoteSampled))).startSpan();
    assertThat(continued.getSpanContext().isSampled()).as("a sampled remote parent is followed").isTrue();
    continued.end();

    clock.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(tracer.spanBuilder("later").startSpan().getSpanContext().isSampled()).isTrue();
  }

  @Test
  void settingsAreCheckedAndDescribed() {
    Config config = config("spanwise.traces.keep-slow", "GET /checkout=300ms,/oops,*=2s",
        "spanwise.traces.max-per-second", "-5", "spanwise.traces.keep-errors", "yes");
    SamplingRules rules = SamplingRules.fromConfig(config);
    assertThat(config.warnings()).hasSize(3);
    assertThat(config.warnings().get(0)).startsWith("spanwise.traces.keep-errors=\"yes\" is not valid");
    assertThat(config.warnings().get(1)).isEqualTo("spanwise.traces.keep-slow has an entry \"/oops\" that is not"
        + " valid (accepted: " + SlowThresholds.ACCEPTED + "); skipping it");
    assertThat(config.warnings().get(2)).startsWith("spanwise.traces.max-per-second=\"-5\" is not valid");
    assertThat(rules.describe("5% head")).isEqualTo("5% head, keeping traces slower than GET /checkout=300ms, *=2s");

    SamplingRules all = SamplingRules.fromConfig(config("spanwise.traces.keep-slow", "500ms",
        "spanwise.traces.keep-errors", "true", "spanwise.traces.max-per-second", "100"));
    assertThat(all.describe("5% head"))
        .isEqualTo("5% head, keeping errors and traces slower than 500ms, at most 100 traces/s");
    assertThat(SamplingRules.fromConfig(config()).isActive()).isFalse();
  }
}
