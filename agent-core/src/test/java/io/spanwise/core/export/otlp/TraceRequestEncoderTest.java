package io.spanwise.core.export.otlp;

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
import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.internal.otlp.traces.LowAllocationTraceRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.spanwise.core.spans.CompactSpanContext;
import io.spanwise.core.spans.CompactTracer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The request's bytes are the OTLP exporter's own, byte for byte, for the agent's compact spans and the
 * SDK's spans mixed in one batch: remote and local parents, trace state, links, events, status, dropped
 * counts, two resources and several scopes.
 */
class TraceRequestEncoderTest {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SpanLimits limits = SpanLimits.builder().setMaxNumberOfAttributes(3).setMaxNumberOfEvents(2)
      .setMaxNumberOfLinks(1).build();
  private final Resource shop = Resource.getDefault().merge(Resource.create(
      Attributes.of(AttributeKey.stringKey("service.name"), "shop"), "https://opentelemetry.io/schemas/1.24.0"));
  private final SdkTracerProvider sdk = SdkTracerProvider.builder().setResource(shop).setSpanLimits(limits)
      .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();

  @Test
  void aMixedBatchIsEncodedAsTheOtlpExporterEncodesIt() throws IOException {
    CompactTracer agent = new CompactTracer(Sampler.parentBased(Sampler.alwaysOn()),
        SimpleSpanProcessor.create(exporter), limits, shop,
        InstrumentationScopeInfo.builder("io.spanwise.servlet").setVersion("0.1.0").build());
    Tracer application = sdk.get("shop", "2.0");
    Tracer other = SdkTracerProvider.builder().setResource(Resource.empty())
        .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()
        .tracerBuilder("batch").setSchemaUrl("https://example.com/schema").build();

    SpanContext remote = SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c",
        "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.builder().put("vendor", "x:1").build());
    Span server = agent.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER)
        .setParent(Context.root().with(Span.wrap(remote))).setAttribute("http.request.method", "GET").startSpan();
    try (Scope ignored = server.makeCurrent()) {
      Span own = application.spanBuilder("price").addLink(remote, Attributes.of(AttributeKey.longKey("n"), 1L))
          .addLink(remote).startSpan(); // a second link is dropped
      try (Scope alsoIgnored = own.makeCurrent()) {
        Span query = agent.spanBuilder("SELECT stock").setSpanKind(SpanKind.CLIENT).addLink(server.getSpanContext())
            .setAttribute("db.system.name", "h2database").startSpan();
        query.addEvent("rows", Attributes.of(AttributeKey.longKey("count"), 3L));
        query.recordException(new IllegalStateException("slow"));
        query.addEvent("dropped");
        query.setAttribute("a", "1");
        query.setAttribute("b", "2"); // over the limit of three: counted as dropped
        query.setStatus(StatusCode.ERROR, "timeout");
        query.end();
      }
      own.setStatus(StatusCode.OK);
      own.end();
    }
    server.end(7, TimeUnit.SECONDS);
    Span root = agent.spanBuilder("kafka process").setSpanKind(SpanKind.CONSUMER).setNoParent().startSpan();
    root.end();
    other.spanBuilder("nightly").setParent(Context.root().with(root)).startSpan().end();

    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).hasSize(5);
    SpanData checkout = spans.stream().filter(span -> span.getName().equals("GET /checkout")).findFirst().get();
    assertThat(checkout.getSpanContext()).isInstanceOf(CompactSpanContext.class);
    assertThat(checkout.getParentSpanContext().isRemote()).isTrue();
    assertThat(checkout.getSpanContext().getTraceState().get("vendor")).isEqualTo("x:1");

    // the exporter's low-allocation marshaler, which groups by resource and scope in the same maps
    LowAllocationTraceRequestMarshaler sdkReusable = new LowAllocationTraceRequestMarshaler();
    sdkReusable.initialize(spans);
    byte[] expected = bytes(sdkReusable);

    TraceRequestEncoder encoder = new TraceRequestEncoder();
    for (int round = 0; round < 2; round++) { // reused: the second batch is encoded as the first
      assertThat(encoded(encoder, spans)).isEqualTo(expected);
    }
    encoder.replaceArray(16); // given up to a request still on its way: a new array, grown as needed
    assertThat(encoded(encoder, spans)).isEqualTo(expected);
  }

  @Test
  void aBatchOfOneScopeIsEncodedAsTheExportersPerSpanMarshalersEncodeIt() throws IOException {
    CompactTracer agent = new CompactTracer(Sampler.alwaysOn(), SimpleSpanProcessor.create(exporter), limits, shop,
        InstrumentationScopeInfo.create("io.spanwise.jdbc"));
    Span parent = agent.spanBuilder("GET /inventory").setSpanKind(SpanKind.SERVER).startSpan();
    agent.spanBuilder("SELECT stock").setParent(Context.root().with(parent)).startSpan().end();
    parent.end();
    List<SpanData> spans = exporter.getFinishedSpanItems();

    assertThat(encoded(new TraceRequestEncoder(), spans)).isEqualTo(bytes(TraceRequestMarshaler.create(spans)));
  }

  @Test
  void everyAttributeTypeAndLongMessagesAreEncodedAsTheOtlpExporterEncodesThem() throws IOException {
    SdkTracerProvider unlimited = SdkTracerProvider.builder().setResource(shop)
        .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    Tracer tracer = unlimited.get("types");
    String longText = "x".repeat(20_000); // a length of three bytes, its messages' lengths too
    tracer.spanBuilder("prix à payer \uD83D\uDED2").setAttribute("empty", "")
        .setAttribute("text", "Grüße, 世界 \uD83D\uDE00, a lone \uD800 surrogate")
        .setAttribute("flag", false).setAttribute("count", -42L).setAttribute("ratio", 0.25)
        .setAttribute(AttributeKey.stringArrayKey("names"), List.of("a", "", "ü"))
        .setAttribute(AttributeKey.longArrayKey("ids"), List.of(1L, -1L, Long.MAX_VALUE))
        .setAttribute(AttributeKey.booleanArrayKey("bits"), List.of(true, false))
        .setAttribute(AttributeKey.doubleArrayKey("weights"), List.of(1.5, -0.0))
        .setAttribute("long", longText).startSpan().end();
    for (int i = 0; i < 1000; i++) { // a scope's spans over 2^16 bytes
      tracer.spanBuilder("span " + i).setAttribute("i", i).startSpan().end();
    }
    List<SpanData> spans = exporter.getFinishedSpanItems();

    LowAllocationTraceRequestMarshaler sdkReusable = new LowAllocationTraceRequestMarshaler();
    sdkReusable.initialize(spans);
    assertThat(encoded(new TraceRequestEncoder(), spans)).isEqualTo(bytes(sdkReusable));
  }

  @Test
  void anEmptyBatchIsAnEmptyRequest() throws IOException {
    assertThat(new TraceRequestEncoder().encode(Collections.emptyList())).isZero();
  }

  private static byte[] encoded(TraceRequestEncoder encoder, List<SpanData> spans) {
    int length = encoder.encode(spans);
    return Arrays.copyOf(encoder.array(), length);
  }

  private static byte[] bytes(Marshaler marshaler) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    marshaler.writeBinaryTo(out);
    return out.toByteArray();
  }
}
