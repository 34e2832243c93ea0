package io.spanwise.instrumentation.annotations;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.instrumentation.annotations.AnnotationsTracing;
import io.spanwise.bootstrap.instrumentation.annotations.MethodInfo;
import net.bytebuddy.asm.Advice;

/**
 * Around a {@code @WithSpan} method (or one of {@code otel.instrumentation.methods.include}) that does not
 * return a {@code CompletionStage}: its span is current while it runs and ends when it returns or throws
 * (ERROR, the exception recorded; the exception itself goes on unchanged). Everything about the method
 * is a constant bound when it is woven ({@link MethodInfo}).
 */
public final class WithSpanAdvice {
  private WithSpanAdvice() {}

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
  public static void exit(@Advice.Enter ActiveSpan span, @Advice.Thrown Throwable error) {
    span.end(error);
  }
}
