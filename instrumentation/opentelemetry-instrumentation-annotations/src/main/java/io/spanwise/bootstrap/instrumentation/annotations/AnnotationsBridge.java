package io.spanwise.bootstrap.instrumentation.annotations;

import io.spanwise.bootstrap.api.ActiveSpan;

/**
 * Spans of {@code @WithSpan} methods and of the methods of {@code otel.instrumentation.methods.include},
 * as their advice sees them (implemented in the agent). Attributes come as three parallel pieces (names,
 * a type letter each, values; see {@link MethodInfo#ATTRIBUTE_TYPES}), all null when there are none.
 */
public interface AnnotationsBridge {
  /**
   * A span of {@code kind} (a {@link io.spanwise.bootstrap.api.SpanKind} ordinal) named {@code spanName},
   * a child of the current context (of none when {@code newTrace}), with the code attributes of
   * {@code code.namespace} and {@code code.function.name} and the given attributes; not current.
   */
  ActiveSpan startMethodSpan(String spanName, int kind, boolean newTrace, String codeNamespace, String codeFunctionName,
      String[] attributeNames, String attributeTypes, Object[] attributeValues);

  /** {@code @AddingSpanAttributes}: the attributes go to the current span, if it records. */
  void addToCurrentSpan(String[] attributeNames, String attributeTypes, Object[] attributeValues);

  /**
   * The method returned (or threw): ends the span, when {@code returned} is a {@code CompletionStage}
   * when it completes (ERROR if it completes exceptionally), else now. The scope is already closed.
   */
  void endAsync(ActiveSpan span, Object returned, Throwable error);

  AnnotationsBridge NOOP = new AnnotationsBridge() {
    @Override
    public ActiveSpan startMethodSpan(String spanName, int kind, boolean newTrace, String codeNamespace,
        String codeFunctionName, String[] attributeNames, String attributeTypes, Object[] attributeValues) {
      return ActiveSpan.NOOP;
    }

    @Override
    public void addToCurrentSpan(String[] attributeNames, String attributeTypes, Object[] attributeValues) {}

    @Override
    public void endAsync(ActiveSpan span, Object returned, Throwable error) {}
  };
}
