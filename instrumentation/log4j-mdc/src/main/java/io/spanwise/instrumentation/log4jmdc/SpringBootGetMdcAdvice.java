package io.spanwise.instrumentation.log4jmdc;

import io.spanwise.bootstrap.instrumentation.logging.LogCorrelation;
import net.bytebuddy.asm.Advice;
import org.apache.log4j.MDC;

/**
 * As {@link GetMdcAdvice}, plus Spring Boot's {@code traceId} and {@code spanId} (Spring Boot is visible to
 * the class loader of Log4j).
 */
public final class SpringBootGetMdcAdvice {
  private SpringBootGetMdcAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.Argument(0) String key,
      @Advice.Return(readOnly = false) Object value,
      @Advice.FieldValue("mdcCopyLookupRequired") boolean notCopied) {
    if (value == null && notCopied) {
      String id = LogCorrelation.value("log4j-mdc", key, MDC.getContext(), true);
      if (id != null) {
        value = id;
      }
    }
  }
}
