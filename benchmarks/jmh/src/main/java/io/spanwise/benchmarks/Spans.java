package io.spanwise.benchmarks;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.spanwise.core.sdk.SdkFactory;
import io.spanwise.core.spans.CompactTracer;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.spanwise.core.config.Config;
import io.spanwise.core.trace.AgentInstrumentationContext;
import io.spanwise.core.trace.CoreTracingBridge;
import io.spanwise.instrumentation.annotations.agent.MethodSpanTracer;
import io.spanwise.instrumentation.httpclient.agent.HttpClientTracer;
import io.spanwise.instrumentation.jdbc.agent.DbTracer;
import io.spanwise.instrumentation.kafka.agent.KafkaTracer;
import io.spanwise.instrumentation.support.http.HttpServerTracer;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The span machinery as the agent builds it by default: the agent's compact tracer over the SDK's
 * sampler (always on, default limits) and a batch span processor ({@code -Dspans.record=sdk}: the SDK's
 * own tracer instead), W3C trace context and baggage propagators, the core's
 * bridge and each module's tracer (what the advice reaches through the modules' facades). The exporter discards the batches (export cost is not on the request thread), counting them.
 */
final class Spans implements AutoCloseable {
  final SdkTracerProvider provider;
  final CoreTracingBridge bridge;
  final AgentInstrumentationContext context;
  final HttpServerTracer server;
  final HttpClientTracer http;
  final DbTracer db;
  final KafkaTracer kafka;
  final MethodSpanTracer methods;
  final LongAdder exported = new LongAdder();

  Spans() {
    this(Sampler.parentBased(Sampler.alwaysOn()));
  }

  /** With another sampler than the default ({@code parentbased_always_on}). */
  Spans(Sampler sampler) {
    SpanExporter discarding = new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        exported.add(spans.size());
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
    SpanProcessor processor = BatchSpanProcessor.builder(discarding).build();
    provider = SdkTracerProvider.builder()
        .setSampler(sampler)
        .addSpanProcessor(processor)
        .build();
    Tracer tracer = "sdk".equals(System.getProperty("spans.record")) ? provider.get(SdkFactory.SCOPE_NAME)
        : new CompactTracer(sampler, processor, SpanLimits.getDefault(), Resource.getDefault(),
            InstrumentationScopeInfo.create(SdkFactory.SCOPE_NAME));
    ContextPropagators propagators = ContextPropagators.create(TextMapPropagator.composite(
        W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance()));
    bridge = new CoreTracingBridge(tracer, propagators);
    context = new AgentInstrumentationContext(tracer, propagators, Config.of(Map.of(), Map.of()));
    server = new HttpServerTracer(context);
    http = new HttpClientTracer(context);
    db = new DbTracer(context.tracer(), DbTracer.querySanitization(context.config()));
    kafka = new KafkaTracer(context, KafkaTracer.producerPropagation(context.config()),
        KafkaTracer.batchMode(context.config()));
    methods = new MethodSpanTracer(context);
  }

  @Override
  public void close() {
    provider.shutdown().join(10, java.util.concurrent.TimeUnit.SECONDS);
  }
}
