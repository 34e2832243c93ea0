package io.spanwise.instrumentation.kafka;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.bootstrap.instrumentation.kafka.KafkaTracing;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Stands for the application's callback of a traced send (helper): ends the send span when the broker
 * answers (or the send fails), then runs the application's callback, if any, in the context that was
 * current where {@code send} was called, on the producer's I/O thread as before.
 */
public final class TracingCallback implements Callback {
  private final Callback delegate;
  private final ActiveSpan span;
  private final Object senderContext;

  public TracingCallback(Callback delegate, ActiveSpan span, Object senderContext) {
    this.delegate = delegate;
    this.span = span;
    this.senderContext = senderContext;
  }

  @Override
  public void onCompletion(RecordMetadata metadata, Exception exception) {
    try {
      boolean acked = metadata != null && exception == null;
      KafkaTracing.endSendSpan(span, acked ? metadata.partition() : -1,
          acked && metadata.hasOffset() ? metadata.offset() : -1L, exception);
    } catch (Throwable agentBug) {
      Tracing.adviceFailed(agentBug);
    }
    if (delegate == null) {
      return;
    }
    ContextScope scope = ContextScope.NOOP;
    try {
      scope = Tracing.attach(senderContext);
    } catch (Throwable agentBug) {
      Tracing.adviceFailed(agentBug);
    }
    try {
      delegate.onCompletion(metadata, exception);
    } finally {
      scope.close();
    }
  }
}
