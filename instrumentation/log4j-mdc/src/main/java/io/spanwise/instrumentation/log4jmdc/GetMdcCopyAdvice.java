package io.spanwise.instrumentation.log4jmdc;

import io.spanwise.bootstrap.instrumentation.logging.LogCorrelation;
import java.util.Hashtable;
import net.bytebuddy.asm.Advice;

/**
 * {@code LoggingEvent.getMDCCopy()}: when it copies the thread's MDC into the event (the first call,
 * on the thread that logged), the copy (the event's own {@code Hashtable}, new if the MDC was empty) gets
 * the current span's ids where it lacks them; nothing when it holds the trace id key already.
 */
public final class GetMdcCopyAdvice {
  private GetMdcCopyAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static boolean enter(@Advice.FieldValue("mdcCopyLookupRequired") boolean notCopied) {
    return notCopied;
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  @SuppressWarnings({"rawtypes", "unchecked"})
  public static void exit(
      @Advice.Enter boolean copying,
      @Advice.FieldValue(value = "mdcCopy", readOnly = false) Hashtable copy) {
    if (!copying) {
      return;
    }
    String[] entries = LogCorrelation.entries("log4j-mdc", false);
    if (entries == null || (copy != null && copy.containsKey(entries[0]))) {
      return;
    }
    Hashtable target = copy == null ? new Hashtable() : copy;
    for (int i = 0; i < entries.length; i += 2) {
      if (!target.containsKey(entries[i])) {
        target.put(entries[i], entries[i + 1]);
      }
    }
    copy = target;
  }
}
