package io.spanwise.core.spans;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.internal.otlp.traces.LowAllocationTraceRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The compact spans against the SDK's own: each scenario runs on both tracers, with the same sampler,
 * limits, resource and processor, and what the exporter receives must be the same.
 */
class CompactTracerTest {
  private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");
  private static final Resource RESOURCE = Resource.getDefault().merge(Resource.create(
      Attributes.of(AttributeKey.stringKey("service.name"), "compact-test")));
  private static final InstrumentationScopeInfo SCOPE =
      InstrumentationScopeInfo.builder("io.spanwise").setVersion("1.2.3").build();

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final List<SdkTracerProvider> providers = new ArrayList<>();

  @AfterEach
  void close() {
    providers.forEach(SdkTracerProvider::close);
  }

  /** The SDK's tracer and the compact one, over the same processor. */
  private Tracer[] tracers(Sampler sampler, SpanLimits limits, SpanProcessor processor) {
    SdkTracerProvider provider = SdkTracerProvider.builder().setSampler(sampler).setSpanLimits(limits)
        .setResource(RESOURCE).addSpanProcessor(processor).build();
    providers.add(provider);
    Tracer sdk = provider.tracerBuilder(SCOPE.getName()).setInstrumentationVersion(SCOPE.getVersion()).build();
    return new Tracer[] {sdk, new CompactTracer(sampler, processor, limits, RESOURCE, SCOPE)};
  }

  private Tracer[] tracers() {
    return tracers(Sampler.parentBased(Sampler.alwaysOn()), SpanLimits.getDefault(),
        SimpleSpanProcessor.create(exporter));
  }

  /** Runs {@code scenario} on each tracer; returns what each exported, SDK first. */
  private List<List<SpanData>> onBoth(Tracer[] tracers, Consumer<Tracer> scenario) {
    List<List<SpanData>> exported = new ArrayList<>();
    for (Tracer tracer : tracers) {
      exporter.reset();
      scenario.accept(tracer);
      exported.add(exporter.getFinishedSpanItems());
    }
    return exported;
  }

  @Test
  void aServerSpanExportsWhatTheSdksSpanExports() {
    RuntimeException failure = new IllegalStateException("no stock");
    List<List<SpanData>> both = onBoth(tracers(), tracer -> {
      Span span = tracer.spanBuilder("GET").setSpanKind(SpanKind.SERVER)
          .setAttribute("http.request.method", "GET").startSpan();
      span.setAttribute(PORT, 8080L);
      span.setAttribute(ROUTE, "/orders/{id}");
      span.setAttribute(ROUTE, "/orders/{orderId}"); // replaced, as the SDK does
      span.setAttribute("flag", true);
      span.setAttribute("ratio", 0.5);
      span.setAttribute(AttributeKey.stringArrayKey("tags"), List.of("a", "b"));
      span.updateName("GET /orders/{orderId}");
      span.addEvent("checkpoint", Attributes.of(AttributeKey.longKey("n"), 3L));
      span.recordException(failure);
      span.setStatus(StatusCode.ERROR, "no stock");
      span.end();
      span.setAttribute("after.end", "ignored");
      span.updateName("ignored");
      span.end(); // ended once
    });
    SpanData sdk = both.get(0).get(0);
    SpanData compact = both.get(1).get(0);
    assertThat(both.get(1)).hasSize(1);
    assertSameSpan(compact, sdk);
    assertThat(compact.getName()).isEqualTo("GET /orders/{orderId}");
    assertThat(compact.getAttributes().get(ROUTE)).isEqualTo("/orders/{orderId}");
    assertThat(compact.getAttributes().get(AttributeKey.stringKey("after.end"))).isNull();
    EventData exception = compact.getEvents().get(1);
    assertThat(exception.getName()).isEqualTo("exception");
    assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.type")))
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.stacktrace")))
        .contains("no stock", "CompactTracerTest");
  }

  @Test
  void childrenShareTheTraceAndNameTheirParentWhicheverTracerMadeIt() {
    Tracer[] tracers = tracers();
    Tracer sdk = tracers[0];
    Tracer compact = tracers[1];
    Span root = compact.spanBuilder("root").setSpanKind(SpanKind.SERVER).startSpan();
    Span sdkChild;
    Span compactGrandChild;
    try (Scope ignored = root.makeCurrent()) {
      sdkChild = sdk.spanBuilder("application work").startSpan();
      try (Scope alsoIgnored = sdkChild.makeCurrent()) {
        compactGrandChild = compact.spanBuilder("SELECT orders").setSpanKind(SpanKind.CLIENT).startSpan();
        compactGrandChild.end();
      }
      sdkChild.end();
    }
    Span explicit = compact.spanBuilder("explicit parent").setParent(Context.root().with(root)).startSpan();
    explicit.end();
    Span orphan = compact.spanBuilder("no parent").setNoParent().startSpan();
    orphan.end();
    root.end();

    String traceId = root.getSpanContext().getTraceId();
    assertThat(sdkChild.getSpanContext().getTraceId()).isEqualTo(traceId);
    assertThat(compactGrandChild.getSpanContext().getTraceId()).isEqualTo(traceId);
    assertThat(parentOf("application work")).isEqualTo(root.getSpanContext().getSpanId());
    assertThat(parentOf("SELECT orders")).isEqualTo(sdkChild.getSpanContext().getSpanId());
    assertThat(parentOf("explicit parent")).isEqualTo(root.getSpanContext().getSpanId());
    assertThat(spanNamed("no parent").getParentSpanContext().isValid()).isFalse();
    assertThat(orphan.getSpanContext().getTraceId()).isNotEqualTo(traceId);

    SpanData rootData = spanNamed("root");
    SpanData select = spanNamed("SELECT orders");
    assertThat(select.getStartEpochNanos()).isBetween(rootData.getStartEpochNanos(), rootData.getEndEpochNanos());
    assertThat(select.getEndEpochNanos()).isBetween(select.getStartEpochNanos(), rootData.getEndEpochNanos());
    assertThat(rootData.getSpanContext().getTraceFlags()).isEqualTo(TraceFlags.getSampled());
  }

  @Test
  void aSpanNotSampledOnlyPropagatesItsIdsAndIsNeverExported() {
    Tracer compact = tracers(Sampler.parentBased(Sampler.alwaysOff()), SpanLimits.getDefault(),
        SimpleSpanProcessor.create(exporter))[1];
    SpanContext remote = SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c",
        "b7ad6b7169203331", TraceFlags.getDefault(), TraceState.builder().put("vendor", "x").build());
    Span span = compact.spanBuilder("GET").setParent(Context.root().with(Span.wrap(remote))).startSpan();
    span.setAttribute(ROUTE, "/x");
    span.end();

    assertThat(span.isRecording()).isFalse();
    assertThat(span).isNotInstanceOf(CompactSpan.class);
    assertThat(span.getSpanContext().getTraceId()).isEqualTo(remote.getTraceId());
    assertThat(span.getSpanContext().getSpanId()).isNotEqualTo(remote.getSpanId());
    assertThat(span.getSpanContext().isSampled()).isFalse();
    assertThat(span.getSpanContext().getTraceState().get("vendor")).isEqualTo("x");
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void theLimitsDropAndCutAsTheSdksDo() {
    SpanLimits limits = SpanLimits.builder().setMaxNumberOfAttributes(2).setMaxAttributeValueLength(4)
        .setMaxNumberOfEvents(1).setMaxNumberOfLinks(1).build();
    SpanContext linked = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
        TraceFlags.getSampled(), TraceState.getDefault());
    SpanContext alsoLinked = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "00f067aa0ba902b7",
        TraceFlags.getSampled(), TraceState.getDefault());
    List<List<SpanData>> both = onBoth(tracers(Sampler.alwaysOn(), limits, SimpleSpanProcessor.create(exporter)),
        tracer -> {
          Span span = tracer.spanBuilder("limited").addLink(linked).setAttribute("a", "abcdefgh").startSpan();
          span.setAttribute("b", 1L);
          span.setAttribute("c", "dropped");
          span.setAttribute(AttributeKey.stringArrayKey("a"), List.of("replaced-but-kept-as-second-key"));
          span.addEvent("one");
          span.addEvent("two");
          span.addLink(alsoLinked);
          span.end();
        });
    SpanData compact = both.get(1).get(0);
    assertSameSpan(compact, both.get(0).get(0));
    assertThat(compact.getAttributes().size()).isEqualTo(2);
    assertThat(compact.getAttributes().get(AttributeKey.stringKey("a"))).isEqualTo("abcd");
    assertThat(compact.getTotalAttributeCount()).isEqualTo(4);
    assertThat(compact.getEvents()).hasSize(1);
    assertThat(compact.getTotalRecordedEvents()).isEqualTo(2);
    assertThat(compact.getLinks()).extracting(LinkData::getSpanContext).containsExactly(linked);
    assertThat(compact.getTotalRecordedLinks()).isEqualTo(2);
  }

  @Test
  void anEqualKeyReplacesTheValueWhateverKeysShareItsHashBits() {
    // more keys than a long has bits: keys share bits, and every key object is a fresh, equal copy
    List<List<SpanData>> both = onBoth(tracers(), tracer -> {
      Span span = tracer.spanBuilder("many").setAttribute(AttributeKey.stringKey("k0"), "builder").startSpan();
      for (int i = 0; i < 100; i++) {
        span.setAttribute(AttributeKey.stringKey("k" + i), "first");
      }
      for (int i = 0; i < 100; i += 3) {
        span.setAttribute(AttributeKey.stringKey("k" + i), "second");
      }
      span.setAttribute(AttributeKey.longKey("k1"), 1L); // same name, another type: another key
      span.end();
    });
    SpanData compact = both.get(1).get(0);
    assertSameSpan(compact, both.get(0).get(0));
    assertThat(compact.getAttributes().size()).isEqualTo(101);
    for (int i = 0; i < 100; i++) {
      assertThat(compact.getAttributes().get(AttributeKey.stringKey("k" + i))).isEqualTo(i % 3 == 0 ? "second" : "first");
    }
    assertThat(compact.getAttributes().get(AttributeKey.longKey("k1"))).isEqualTo(1L);
    assertThat(compact.getAttributes().get(AttributeKey.stringKey("absent"))).isNull();
  }

  @Test
  void okIsFinalAndTheDescriptionIsKept() {
    List<List<SpanData>> both = onBoth(tracers(), tracer -> {
      Span ok = tracer.spanBuilder("ok").startSpan();
      ok.setStatus(StatusCode.OK);
      ok.setStatus(StatusCode.ERROR, "too late");
      ok.end();
      Span failed = tracer.spanBuilder("failed").startSpan();
      failed.setStatus(StatusCode.ERROR, "boom");
      failed.end();
    });
    for (int i = 0; i < 2; i++) {
      assertSameSpan(both.get(1).get(i), both.get(0).get(i));
    }
    assertThat(both.get(1).get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.OK);
    assertThat(both.get(1).get(1).getStatus().getDescription()).isEqualTo("boom");
  }

  @Test
  void aProcessorSeesTheSpanStartAndEndAndASnapshotBeforeTheEnd() {
    List<String> seen = new ArrayList<>();
    SpanProcessor watching = new SpanProcessor() {
      @Override
      public void onStart(Context parentContext, ReadWriteSpan span) {
        span.setAttribute("added.on.start", "yes");
        seen.add("start " + span.getName() + " recording=" + span.isRecording());
      }

      @Override
      public boolean isStartRequired() {
        return true;
      }

      @Override
      public void onEnd(ReadableSpan span) {
        seen.add("end " + span.getName() + " ended=" + span.hasEnded());
      }

      @Override
      public boolean isEndRequired() {
        return true;
      }
    };
    Tracer compact = tracers(Sampler.alwaysOn(), SpanLimits.getDefault(),
        SpanProcessor.composite(watching, SimpleSpanProcessor.create(exporter)))[1];
    Span span = compact.spanBuilder("watched").setStartTimestamp(1_000, TimeUnit.SECONDS).startSpan();
    SpanData early = ((ReadableSpan) span).toSpanData();
    span.setAttribute(ROUTE, "/later");
    span.end(2_000, TimeUnit.SECONDS);

    assertThat(seen).containsExactly("start watched recording=true", "end watched ended=true");
    assertThat(early.hasEnded()).isFalse();
    assertThat(early.getAttributes().get(ROUTE)).isNull();
    assertThat(((ReadableSpan) span).getAttribute(ROUTE)).isEqualTo("/later");
    SpanData data = exporter.getFinishedSpanItems().get(0);
    assertThat(data.getAttributes().get(AttributeKey.stringKey("added.on.start"))).isEqualTo("yes");
    assertThat(data.getStartEpochNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(1_000));
    assertThat(data.getEndEpochNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(2_000));
    assertThat(((ReadableSpan) span).getLatencyNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(1_000));
  }

  @Test
  void afterShutdownNothingIsRecordedButTheContextStillPropagates() {
    CompactTracer compact = (CompactTracer) tracers()[1];
    Span parent = compact.spanBuilder("before").startSpan();
    compact.shutdown();
    Span after = compact.spanBuilder("after").setParent(Context.root().with(parent)).startSpan();
    after.end();
    parent.end();
    assertThat(after.isRecording()).isFalse();
    assertThat(after.getSpanContext()).isEqualTo(parent.getSpanContext());
    assertThat(exporter.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("before");
  }

  /** A sampler's attributes join the builder's (after them, a sampler's value winning), as in the SDK. */
  @Test
  void theSamplersAttributesAreTheSpansAsInTheSdk() {
    Sampler withAttributes = new Sampler() {
      @Override
      public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
          Attributes attributes, List<LinkData> parentLinks) {
        return SamplingResult.create(SamplingDecision.RECORD_AND_SAMPLE,
            Attributes.of(AttributeKey.stringKey("sampling.rule"), "checkout", AttributeKey.stringKey("shared"), "sampler"));
      }

      @Override
      public String getDescription() {
        return "adds attributes";
      }
    };
    for (boolean builderAttributes : new boolean[] {false, true}) {
      List<List<SpanData>> both = onBoth(tracers(withAttributes, SpanLimits.getDefault(),
          SimpleSpanProcessor.create(exporter)), tracer -> {
            io.opentelemetry.api.trace.SpanBuilder builder = tracer.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER);
            if (builderAttributes) {
              builder.setAttribute("http.request.method", "GET").setAttribute("shared", "builder");
            }
            builder.startSpan().end();
          });
      SpanData compact = both.get(1).get(0);
      assertSameSpan(compact, both.get(0).get(0));
      assertThat(compact.getAttributes().get(AttributeKey.stringKey("sampling.rule"))).isEqualTo("checkout");
      assertThat(compact.getAttributes().get(AttributeKey.stringKey("shared"))).isEqualTo("sampler");
      assertThat(compact.getAttributes().size()).isEqualTo(builderAttributes ? 3 : 2);
    }
  }

  @Test
  void theOtlpEncodingOfACompactSpanIsTheSdkSpansOnceIdsAndTimesAreTheSame() throws Exception {
    List<List<SpanData>> both = onBoth(tracers(), tracer -> {
      Span span = tracer.spanBuilder("SELECT orders").setSpanKind(SpanKind.CLIENT)
          .setStartTimestamp(5, TimeUnit.SECONDS).startSpan();
      span.setAttribute("db.system.name", "h2database"); // one attribute: the SDK's order is the same
      span.setStatus(StatusCode.ERROR, "failed");
      span.end(6, TimeUnit.SECONDS);
    });
    String sdk = encoded(both.get(0));
    String compact = encoded(both.get(1));
    SpanData sdkSpan = both.get(0).get(0);
    SpanData compactSpan = both.get(1).get(0);
    assertThat(compact).isEqualTo(sdk.replace(sdkSpan.getTraceId(), compactSpan.getTraceId())
        .replace(sdkSpan.getSpanId(), compactSpan.getSpanId()));

    LowAllocationTraceRequestMarshaler reusable = new LowAllocationTraceRequestMarshaler();
    reusable.initialize(both.get(1));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    reusable.writeBinaryTo(out);
    assertThat(hex(out.toByteArray())).isEqualTo(compact);
  }

  private static String encoded(List<SpanData> spans) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TraceRequestMarshaler.create(spans).writeBinaryTo(out);
    return hex(out.toByteArray());
  }

  /** Trace and span ids are written as raw bytes: in hex they appear as they are in the SpanContext. */
  private static String hex(byte[] bytes) {
    StringBuilder hex = new StringBuilder();
    for (byte b : bytes) {
      hex.append(String.format("%02x", b));
    }
    return hex.toString();
  }

  private static void assertSameSpan(SpanData compact, SpanData sdk) {
    assertThat(compact.getName()).isEqualTo(sdk.getName());
    assertThat(compact.getKind()).isEqualTo(sdk.getKind());
    assertThat(compact.getAttributes().asMap()).isEqualTo(sdk.getAttributes().asMap());
    assertThat(compact.getAttributes()).isEqualTo(sdk.getAttributes());
    assertThat(compact.getTotalAttributeCount()).isEqualTo(sdk.getTotalAttributeCount());
    assertThat(compact.getStatus()).isEqualTo(sdk.getStatus());
    assertThat(compact.getEvents().stream().map(CompactTracerTest::describe).collect(Collectors.toList()))
        .isEqualTo(sdk.getEvents().stream().map(CompactTracerTest::describe).collect(Collectors.toList()));
    assertThat(compact.getTotalRecordedEvents()).isEqualTo(sdk.getTotalRecordedEvents());
    assertThat(compact.getLinks()).isEqualTo(sdk.getLinks());
    assertThat(compact.getTotalRecordedLinks()).isEqualTo(sdk.getTotalRecordedLinks());
    assertThat(compact.getResource()).isEqualTo(sdk.getResource());
    assertThat(compact.getInstrumentationScopeInfo()).isEqualTo(sdk.getInstrumentationScopeInfo());
    assertThat(compact.getSpanContext().getTraceFlags()).isEqualTo(sdk.getSpanContext().getTraceFlags());
    assertThat(compact.hasEnded()).isTrue();
    assertThat(compact.getEndEpochNanos()).isGreaterThanOrEqualTo(compact.getStartEpochNanos());
  }

  private static String describe(EventData event) {
    return event.getName() + " " + event.getAttributes().asMap() + " " + event.getTotalAttributeCount();
  }

  private String parentOf(String name) {
    return spanNamed(name).getParentSpanId();
  }

  private SpanData spanNamed(String name) {
    return exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + exporter.getFinishedSpanItems()));
  }
}
