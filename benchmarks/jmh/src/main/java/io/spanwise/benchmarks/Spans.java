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
import io.spanwise.core.sdk.SdkFactory;
import io.spanwise.core.trace.CoreTracingBridge;
import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;

/**
 * The span machinery as the agent builds it by default: an SDK tracer provider (always on, default
 * limits) with a batch span processor, W3C trace context and baggage propagators, and the core's
 * bridge. The exporter discards the batches (export cost is not on the request thread), counting them.
 */
final class Spans implements AutoCloseable {
  final SdkTracerProvider provider;
  final CoreTracingBridge bridge;
  final LongAdder exported = new LongAdder();

  Spans() {
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
    provider = SdkTracerProvider.builder()
        .addSpanProcessor(BatchSpanProcessor.builder(discarding).build())
        .build();
    ContextPropagators propagators = ContextPropagators.create(TextMapPropagator.composite(
        W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance()));
    bridge = new CoreTracingBridge(provider.get(SdkFactory.SCOPE_NAME), propagators);
  }

  @Override
  public void close() {
    provider.shutdown().join(10, java.util.concurrent.TimeUnit.SECONDS);
  }
}
