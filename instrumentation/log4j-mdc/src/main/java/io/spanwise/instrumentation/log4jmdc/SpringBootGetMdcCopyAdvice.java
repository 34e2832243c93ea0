package io.spanwise.instrumentation.log4jmdc;

import io.spanwise.bootstrap.instrumentation.logging.LogCorrelation;
import java.util.Hashtable;
import net.bytebuddy.asm.Advice;

/**
 * As {@link GetMdcCopyAdvice}, plus Spring Boot's {@code traceId} and {@code spanId} (Spring Boot is visible to
 * the class loader of Log4j).
 */
public final class SpringBootGetMdcCopyAdvice {
  private SpringBootGetMdcCopyAdvice() {}

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
    String[] entries = LogCorrelation.entries("log4j-mdc", true);
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
