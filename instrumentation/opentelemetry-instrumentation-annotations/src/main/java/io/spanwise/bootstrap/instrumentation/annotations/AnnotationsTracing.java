package io.spanwise.bootstrap.instrumentation.annotations;

import io.spanwise.bootstrap.api.ActiveSpan;

/** What the advice of the annotations and methods modules calls; delegates to the installed bridge. */
public final class AnnotationsTracing {
  private static volatile AnnotationsBridge bridge = AnnotationsBridge.NOOP;

  private AnnotationsTracing() {}

  public static void install(AnnotationsBridge implementation) {
    bridge = implementation == null ? AnnotationsBridge.NOOP : implementation;
  }

  /** Never null; not current. */
  public static ActiveSpan startMethodSpan(String spanName, int kind, boolean newTrace, String codeNamespace,
      String codeFunctionName, String[] attributeNames, String attributeTypes, Object[] attributeValues) {
    return bridge.startMethodSpan(spanName, kind, newTrace, codeNamespace, codeFunctionName,
        attributeNames, attributeTypes, attributeValues);
  }

  public static void addToCurrentSpan(String[] attributeNames, String attributeTypes, Object[] attributeValues) {
    if (attributeNames != null) {
      bridge.addToCurrentSpan(attributeNames, attributeTypes, attributeValues);
    }
  }

  /** Closes the span's scope on this thread, then ends it now or when the returned stage completes. */
  public static void endAsync(ActiveSpan span, Object returned, Throwable error) {
    span.deactivate();
    if (span != ActiveSpan.NOOP) {
      bridge.endAsync(span, returned, error);
    }
  }
}
