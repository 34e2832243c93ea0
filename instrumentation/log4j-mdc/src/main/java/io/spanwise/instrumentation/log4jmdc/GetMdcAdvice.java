package io.spanwise.instrumentation.log4jmdc;

import io.spanwise.bootstrap.instrumentation.logging.LogCorrelation;
import net.bytebuddy.asm.Advice;
import org.apache.log4j.MDC;

/**
 * {@code LoggingEvent.getMDC(key)}: for a correlation key the MDC lacks, the current span's id, as long
 * as the event has not been copied ({@code mdcCopyLookupRequired}: the event is still on the thread that
 * logged; once copied, the copy, which {@link GetMdcCopyAdvice} gave the ids, is the event's MDC).
 */
public final class GetMdcAdvice {
  private GetMdcAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.Argument(0) String key,
      @Advice.Return(readOnly = false) Object value,
      @Advice.FieldValue("mdcCopyLookupRequired") boolean notCopied) {
    if (value == null && notCopied) {
      String id = LogCorrelation.value("log4j-mdc", key, MDC.getContext(), false);
      if (id != null) {
        value = id;
      }
    }
  }
}
