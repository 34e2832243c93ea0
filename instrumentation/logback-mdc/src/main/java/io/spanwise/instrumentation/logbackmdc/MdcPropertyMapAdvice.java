package io.spanwise.instrumentation.logbackmdc;

import io.spanwise.bootstrap.instrumentation.logging.LogCorrelation;
import java.util.Map;
import net.bytebuddy.asm.Advice;

/**
 * {@code LoggingEvent.getMDCPropertyMap()}: the event's MDC with the current span's ids, kept in the event
 * (its {@code mdcPropertyMap} field) so later reads, on any thread, return the same map.
 */
public final class MdcPropertyMapAdvice {
  private MdcPropertyMapAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.Return(readOnly = false) Map<String, String> mdc,
      @Advice.FieldValue(value = "mdcPropertyMap", readOnly = false) Map<String, String> field) {
    Map<String, String> correlated = LogCorrelation.withCorrelation("logback-mdc", mdc, false);
    if (correlated != mdc) {
      field = correlated;
      mdc = correlated;
    }
  }
}
