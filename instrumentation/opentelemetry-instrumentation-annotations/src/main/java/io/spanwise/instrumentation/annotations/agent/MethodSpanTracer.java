package io.spanwise.instrumentation.annotations.agent;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.bootstrap.instrumentation.annotations.AnnotationsBridge;
import io.spanwise.instrumentation.spi.AgentSpan;
import io.spanwise.instrumentation.spi.InstrumentationContext;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The spans of {@code @WithSpan} methods and of {@code otel.instrumentation.methods.include}: named and
 * of the kind the advice passes (constants read from the method when it was woven), with
 * {@code code.namespace} (the class's binary name) and {@code code.function.name} (the class's binary
 * name, a dot and the method: the stable semantic conventions' form), the same two attributes as the
 * agent's other INTERNAL spans (Spring Data repositories), and the {@code @SpanAttribute} parameters.
 */
public final class MethodSpanTracer implements AnnotationsBridge {
  static final AttributeKey<String> CODE_FUNCTION_NAME = AttributeKey.stringKey("code.function.name");
  static final AttributeKey<String> CODE_NAMESPACE = AttributeKey.stringKey("code.namespace");
  private static final SpanKind[] KINDS = {
      SpanKind.INTERNAL, SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER};

  private final Tracer tracer;

  public MethodSpanTracer(InstrumentationContext context) {
    this(context.tracer());
  }

  MethodSpanTracer(Tracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public ActiveSpan startMethodSpan(String spanName, int kind, boolean newTrace, String codeNamespace,
      String codeFunctionName, String[] attributeNames, String attributeTypes, Object[] attributeValues) {
    // inheritContext = false: a new trace, the baggage kept
    Context parent = newTrace ? Context.current().with(Span.getInvalid()) : Context.current();
    SpanBuilder builder = tracer.spanBuilder(spanName)
        .setSpanKind(kind >= 0 && kind < KINDS.length ? KINDS[kind] : SpanKind.INTERNAL)
        .setParent(parent)
        .setAttribute(CODE_NAMESPACE, codeNamespace)
        .setAttribute(CODE_FUNCTION_NAME, codeFunctionName);
    if (attributeNames != null) {
      builder.setAllAttributes(attributes(attributeNames, attributeTypes, attributeValues));
    }
    return new AgentSpan(builder.startSpan(), parent);
  }

  @Override
  public void addToCurrentSpan(String[] attributeNames, String attributeTypes, Object[] attributeValues) {
    Span current = Span.current();
    if (current.isRecording()) {
      current.setAllAttributes(attributes(attributeNames, attributeTypes, attributeValues));
    }
  }

  @Override
  public void endAsync(ActiveSpan span, Object returned, Throwable error) {
    if (error != null || !(returned instanceof CompletionStage)) {
      span.end(error);
      return;
    }
    try {
      ((CompletionStage<?>) returned).whenComplete((result, failure) -> {
        try {
          span.end(unwrap(failure));
        } catch (Throwable agentBug) {
          Tracing.adviceFailed(agentBug);
        }
      });
    } catch (Throwable unsupported) {
      // a stage that refuses a dependent: the span ends now rather than never
      span.end(null);
      Tracing.adviceFailed(unsupported);
    }
  }

  /** A stage that failed because the one it depends on did reports a {@code CompletionException}: its cause. */
  static Throwable unwrap(Throwable failure) {
    if (failure instanceof CompletionException && failure.getCause() != null) {
      return failure.getCause();
    }
    return failure;
  }

  /** The attributes from the parallel names, type letters and values; null values are left out. */
  static Attributes attributes(String[] names, String types, Object[] values) {
    AttributesBuilder attributes = Attributes.builder();
    for (int i = 0; i < names.length; i++) {
      Object value = values[i];
      if (value == null) {
        continue;
      }
      String name = names[i];
      char type = types.charAt(i);
      switch (type) {
        case 'L':
          if (value instanceof Number) {
            attributes.put(name, ((Number) value).longValue());
          } else {
            attributes.put(name, value.toString());
          }
          break;
        case 'D':
          if (value instanceof Number) {
            attributes.put(name, ((Number) value).doubleValue());
          } else {
            attributes.put(name, value.toString());
          }
          break;
        case 'B':
          if (value instanceof Boolean) {
            attributes.put(name, (Boolean) value);
          } else {
            attributes.put(name, value.toString());
          }
          break;
        case 'S':
          if (value instanceof Collection || value instanceof Object[]) {
            putList(attributes, name, 's', value);
          } else {
            attributes.put(name, value.toString());
          }
          break;
        default:
          putList(attributes, name, type, value);
      }
    }
    return attributes.build();
  }

  @SuppressWarnings("unchecked")
  private static void putList(AttributesBuilder attributes, String name, char type, Object value) {
    List<Object> elements = new ArrayList<>();
    if (value instanceof Collection) {
      elements.addAll((Collection<Object>) value);
    } else if (value.getClass().isArray()) {
      int length = Array.getLength(value);
      for (int i = 0; i < length; i++) {
        elements.add(Array.get(value, i));
      }
    } else {
      elements.add(value);
    }
    switch (type) {
      case 'l': {
        List<Long> longs = new ArrayList<>();
        for (Object element : elements) {
          if (element instanceof Number) {
            longs.add(((Number) element).longValue());
          }
        }
        attributes.put(AttributeKey.longArrayKey(name), longs);
        break;
      }
      case 'd': {
        List<Double> doubles = new ArrayList<>();
        for (Object element : elements) {
          if (element instanceof Number) {
            doubles.add(((Number) element).doubleValue());
          }
        }
        attributes.put(AttributeKey.doubleArrayKey(name), doubles);
        break;
      }
      case 'b': {
        List<Boolean> booleans = new ArrayList<>();
        for (Object element : elements) {
          if (element instanceof Boolean) {
            booleans.add((Boolean) element);
          }
        }
        attributes.put(AttributeKey.booleanArrayKey(name), booleans);
        break;
      }
      default: {
        List<String> strings = new ArrayList<>();
        for (Object element : elements) {
          if (element != null) {
            strings.add(element.toString());
          }
        }
        attributes.put(AttributeKey.stringArrayKey(name), strings);
      }
    }
  }
}
