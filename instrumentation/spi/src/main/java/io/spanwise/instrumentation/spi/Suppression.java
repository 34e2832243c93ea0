package io.spanwise.instrumentation.spi;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Work the agent must not trace, such as an ignored health check ({@code spanwise.traces.ignore}): a
 * context marked suppressed makes every span started under it, on this thread or any thread the context
 * travels to, a non-recording span that carries its parent's span context unchanged. So nothing is
 * recorded or exported, and a call made downstream propagates exactly the context that came in (none, if
 * none came in: no trace is started).
 */
public final class Suppression {
  private static final ContextKey<Boolean> SUPPRESSED = ContextKey.named("spanwise-suppressed");

  private Suppression() {}

  /** {@code context}, marked: nothing started under it is traced. */
  public static Context suppress(Context context) {
    return context.with(SUPPRESSED, Boolean.TRUE);
  }

  public static boolean isSuppressed(Context context) {
    return context.get(SUPPRESSED) != null;
  }

  /** A tracer whose spans under a suppressed context are non-recording copies of their parent's. */
  public static Tracer honouring(Tracer tracer) {
    return name -> new SuppressibleSpanBuilder(tracer.spanBuilder(name));
  }

  private static final class SuppressibleSpanBuilder implements SpanBuilder {
    private final SpanBuilder delegate;
    private Context parent; // null: the current context
    private boolean noParent;

    SuppressibleSpanBuilder(SpanBuilder delegate) {
      this.delegate = delegate;
    }

    @Override
    public Span startSpan() {
      Context context = noParent ? null : parent != null ? parent : Context.current();
      if (context != null && isSuppressed(context)) {
        SpanContext carried = Span.fromContext(context).getSpanContext();
        return Span.wrap(carried);
      }
      return delegate.startSpan();
    }

    @Override
    public SpanBuilder setParent(Context context) {
      this.parent = context;
      this.noParent = false;
      delegate.setParent(context);
      return this;
    }

    @Override
    public SpanBuilder setNoParent() {
      this.noParent = true;
      delegate.setNoParent();
      return this;
    }

    @Override
    public SpanBuilder addLink(SpanContext spanContext) {
      delegate.addLink(spanContext);
      return this;
    }

    @Override
    public SpanBuilder addLink(SpanContext spanContext, Attributes attributes) {
      delegate.addLink(spanContext, attributes);
      return this;
    }

    @Override
    public SpanBuilder setAttribute(String key, String value) {
      delegate.setAttribute(key, value);
      return this;
    }

    @Override
    public SpanBuilder setAttribute(String key, long value) {
      delegate.setAttribute(key, value);
      return this;
    }

    @Override
    public SpanBuilder setAttribute(String key, double value) {
      delegate.setAttribute(key, value);
      return this;
    }

    @Override
    public SpanBuilder setAttribute(String key, boolean value) {
      delegate.setAttribute(key, value);
      return this;
    }

    @Override
    public <T> SpanBuilder setAttribute(AttributeKey<T> key, T value) {
      delegate.setAttribute(key, value);
      return this;
    }

    @Override
    public SpanBuilder setAllAttributes(Attributes attributes) {
      delegate.setAllAttributes(attributes);
      return this;
    }

    @Override
    public SpanBuilder setSpanKind(SpanKind spanKind) {
      delegate.setSpanKind(spanKind);
      return this;
    }

    @Override
    public SpanBuilder setStartTimestamp(long startTimestamp, TimeUnit unit) {
      delegate.setStartTimestamp(startTimestamp, unit);
      return this;
    }

    @Override
    public SpanBuilder setStartTimestamp(Instant startTimestamp) {
      delegate.setStartTimestamp(startTimestamp);
      return this;
    }
  }
}
