package io.spanwise.instrumentation.annotations.agent;

/**
 * The annotations, by name: the agent never loads them (the application ships
 * {@code io.opentelemetry.instrumentation:opentelemetry-instrumentation-annotations} or the older
 * {@code io.opentelemetry:opentelemetry-extension-annotations}); their class files are read where needed.
 */
public final class AnnotationNames {
  public static final String WITH_SPAN = "io.opentelemetry.instrumentation.annotations.WithSpan";
  public static final String SPAN_ATTRIBUTE = "io.opentelemetry.instrumentation.annotations.SpanAttribute";
  public static final String ADDING_SPAN_ATTRIBUTES = "io.opentelemetry.instrumentation.annotations.AddingSpanAttributes";
  public static final String OLD_WITH_SPAN = "io.opentelemetry.extension.annotations.WithSpan";
  public static final String OLD_SPAN_ATTRIBUTE = "io.opentelemetry.extension.annotations.SpanAttribute";

  static final String[] WITH_SPANS = {WITH_SPAN, OLD_WITH_SPAN};
  static final String[] SPAN_ATTRIBUTES = {SPAN_ATTRIBUTE, OLD_SPAN_ATTRIBUTE};

  private AnnotationNames() {}

  public static String[] withSpans() {
    return WITH_SPANS.clone();
  }

  public static String[] spanAttributes() {
    return SPAN_ATTRIBUTES.clone();
  }
}
