package io.spanwise.instrumentation.annotations;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.instrumentation.annotations.AnnotationsTracing;
import io.spanwise.bootstrap.instrumentation.annotations.MethodInfo;
import net.bytebuddy.asm.Advice;

/**
 * As {@link WithSpanAdvice}, for a method declared to return a {@code CompletableFuture} or a
 * {@code CompletionStage}: the span stops being current when the method returns and ends when the
 * returned stage completes (ERROR when exceptionally). The returned object is untouched.
 */
public final class WithSpanAsyncAdvice {
  private WithSpanAsyncAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static ActiveSpan enter(
      @MethodInfo(MethodInfo.SPAN_NAME) String spanName,
      @MethodInfo(MethodInfo.KIND) int kind,
      @MethodInfo(MethodInfo.NEW_TRACE) boolean newTrace,
      @MethodInfo(MethodInfo.CODE_NAMESPACE) String codeNamespace,
      @MethodInfo(MethodInfo.CODE_FUNCTION_NAME) String codeFunctionName,
      @MethodInfo(MethodInfo.ATTRIBUTE_NAMES) String[] attributeNames,
      @MethodInfo(MethodInfo.ATTRIBUTE_TYPES) String attributeTypes,
      @MethodInfo(MethodInfo.ATTRIBUTE_VALUES) Object[] attributeValues) {
    return AnnotationsTracing.startMethodSpan(spanName, kind, newTrace, codeNamespace, codeFunctionName,
        attributeNames, attributeTypes, attributeValues).activate();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter ActiveSpan span, @Advice.Return Object returned,
      @Advice.Thrown Throwable error) {
    AnnotationsTracing.endAsync(span, returned, error);
  }
}
