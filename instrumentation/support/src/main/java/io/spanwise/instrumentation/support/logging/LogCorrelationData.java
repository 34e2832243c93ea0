package io.spanwise.instrumentation.support.logging;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.spanwise.bootstrap.instrumentation.logging.LogCorrelationBridge;
import io.spanwise.instrumentation.spi.InstrumentationConfig;
import java.util.Collections;
import java.util.Map;

/**
 * The log-correlation keys, as the OpenTelemetry agent names them: {@code trace_id}, {@code span_id},
 * {@code trace_flags}, renamed with {@code otel.instrumentation.common.logging.trace-id}, {@code .span-id},
 * {@code .trace-flags}; Spring Boot's {@code traceId}/{@code spanId} (its {@code %correlationId}) where
 * the advice asks for them; {@code baggage.<key>} entries when the module's {@code add-baggage} is on.
 */
public final class LogCorrelationData implements LogCorrelationBridge {
  public static final String SPRING_TRACE_ID = "traceId";
  public static final String SPRING_SPAN_ID = "spanId";
  private static final String BAGGAGE_PREFIX = "baggage.";

  private final String traceIdKey;
  private final String spanIdKey;
  private final String traceFlagsKey;
  private final boolean addBaggage;
  /**
   * The view this instance last made on each thread, handed out again while nothing it depends on changed
   * (a one-slot holder, so replacing it is a plain store, not a {@code ThreadLocal.set}).
   */
  private final ThreadLocal<CorrelatedMap[]> lastMade = ThreadLocal.withInitial(() -> new CorrelatedMap[1]);

  public LogCorrelationData(String traceIdKey, String spanIdKey, String traceFlagsKey, boolean addBaggage) {
    this.traceIdKey = traceIdKey;
    this.spanIdKey = spanIdKey;
    this.traceFlagsKey = traceFlagsKey;
    this.addBaggage = addBaggage;
  }

  /** The keys from the configuration; baggage from {@code otel.instrumentation.<module>.add-baggage}. */
  public static LogCorrelationData fromConfig(InstrumentationConfig config, String module) {
    return new LogCorrelationData(
        config.getString("otel.instrumentation.common.logging.trace-id", "trace_id"),
        config.getString("otel.instrumentation.common.logging.span-id", "span_id"),
        config.getString("otel.instrumentation.common.logging.trace-flags", "trace_flags"),
        config.getBoolean("otel.instrumentation." + module + ".add-baggage", false));
  }

  @Override
  public String[] entries(boolean springBootKeys) {
    Context context = Context.current();
    SpanContext span = Span.fromContext(context).getSpanContext();
    if (!span.isValid()) {
      return null;
    }
    return entries(span, addBaggage ? Baggage.fromContext(context) : null, springBootKeys);
  }

  private String[] entries(SpanContext span, Baggage baggage, boolean springBootKeys) {
    int baggageEntries = baggage == null ? 0 : baggage.size();
    String[] entries = new String[(3 + (springBootKeys ? 2 : 0) + baggageEntries) * 2];
    int i = 0;
    entries[i++] = traceIdKey;
    entries[i++] = span.getTraceId();
    entries[i++] = spanIdKey;
    entries[i++] = span.getSpanId();
    entries[i++] = traceFlagsKey;
    entries[i++] = span.getTraceFlags().asHex();
    if (springBootKeys) {
      entries[i++] = SPRING_TRACE_ID;
      entries[i++] = span.getTraceId();
      entries[i++] = SPRING_SPAN_ID;
      entries[i++] = span.getSpanId();
    }
    if (baggageEntries > 0) {
      int[] next = {i};
      baggage.forEach((key, entry) -> {
        entries[next[0]++] = BAGGAGE_PREFIX + key;
        entries[next[0]++] = entry.getValue();
      });
    }
    return entries;
  }

  @Override
  public String value(String key, Map<?, ?> contextData, boolean springBootKeys) {
    int which;
    if (key == null) {
      return null;
    } else if (key.equals(traceIdKey) || (springBootKeys && key.equals(SPRING_TRACE_ID))) {
      which = 0;
    } else if (key.equals(spanIdKey) || (springBootKeys && key.equals(SPRING_SPAN_ID))) {
      which = 1;
    } else if (key.equals(traceFlagsKey)) {
      which = 2;
    } else if (addBaggage && key.startsWith(BAGGAGE_PREFIX)) {
      which = 3;
    } else {
      return null;
    }
    Context context = Context.current();
    SpanContext span = Span.fromContext(context).getSpanContext();
    if (!span.isValid() || (contextData != null && contextData.containsKey(traceIdKey))) {
      return null;
    }
    switch (which) {
      case 0:
        return span.getTraceId();
      case 1:
        return span.getSpanId();
      case 2:
        return span.getTraceFlags().asHex();
      default:
        return Baggage.fromContext(context).getEntryValue(key.substring(BAGGAGE_PREFIX.length()));
    }
  }

  public String traceIdKey() {
    return traceIdKey;
  }

  public boolean addsBaggage() {
    return addBaggage;
  }

  /**
   * The event's map unchanged when no span is current or it holds the trace id key already; else an
   * unmodifiable view of it plus the entries whose keys it lacks (nothing is copied: the application's
   * keys keep their values). The view last made on this thread is handed out again while the event's map
   * (the same instance: Logback replaces its MDC map rather than change it), the span and the baggage are
   * the same: the events of one request with an unchanged MDC then cost no allocation.
   */
  @Override
  public Map<String, String> withCorrelation(Map<String, String> contextData, boolean springBootKeys) {
    if (contextData instanceof CorrelatedMap) {
      return contextData; // read again: the event's map already has the ids
    }
    Context context = Context.current();
    SpanContext span = Span.fromContext(context).getSpanContext();
    if (!span.isValid()) {
      return contextData;
    }
    Map<String, String> base = contextData == null ? Collections.emptyMap() : contextData;
    Baggage baggage = addBaggage ? Baggage.fromContext(context) : null;
    CorrelatedMap[] slot = lastMade.get();
    CorrelatedMap last = slot[0];
    if (last != null && last.madeFor(base, span, baggage, springBootKeys)) {
      return last;
    }
    if (base.containsKey(traceIdKey)) {
      return contextData;
    }
    String[] entries = entries(span, baggage, springBootKeys);
    if (!base.isEmpty()) {
      int absent = 0;
      for (int i = 0; i < entries.length; i += 2) {
        if (!base.containsKey(entries[i])) {
          absent++;
        }
      }
      if (absent * 2 < entries.length) {
        String[] kept = new String[absent * 2];
        int k = 0;
        for (int i = 0; i < entries.length; i += 2) {
          if (!base.containsKey(entries[i])) {
            kept[k++] = entries[i];
            kept[k++] = entries[i + 1];
          }
        }
        entries = kept;
      }
    }
    CorrelatedMap made = new CorrelatedMap(base, entries, span, baggage, springBootKeys);
    slot[0] = made;
    return made;
  }
}
