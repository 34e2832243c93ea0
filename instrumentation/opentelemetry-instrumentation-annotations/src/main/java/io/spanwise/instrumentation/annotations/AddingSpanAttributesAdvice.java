package io.spanwise.instrumentation.annotations;

import io.spanwise.bootstrap.instrumentation.annotations.AnnotationsTracing;
import io.spanwise.bootstrap.instrumentation.annotations.MethodInfo;
import net.bytebuddy.asm.Advice;

/**
 * At the start of an {@code @AddingSpanAttributes} method: its {@code @SpanAttribute} parameters go to
 * the current span; no span is made.
 */
public final class AddingSpanAttributesAdvice {
  private AddingSpanAttributesAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @MethodInfo(MethodInfo.ATTRIBUTE_NAMES) String[] attributeNames,
      @MethodInfo(MethodInfo.ATTRIBUTE_TYPES) String attributeTypes,
      @MethodInfo(MethodInfo.ATTRIBUTE_VALUES) Object[] attributeValues) {
    AnnotationsTracing.addToCurrentSpan(attributeNames, attributeTypes, attributeValues);
  }
}
