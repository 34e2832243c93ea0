package io.spanwise.instrumentation.log4jcontextdata;

import io.spanwise.bootstrap.instrumentation.logging.LogCorrelation;
import net.bytebuddy.asm.Advice;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.util.StringMap;

/**
 * As {@link InjectContextDataAdvice}, plus Spring Boot's {@code traceId}/{@code spanId} (Log4j next to
 * Spring Boot). {@code injectContextData}: the current span's ids added to the event's context data (a frozen map, the
 * thread's own, is copied first). The application's keys keep their values.
 */
public final class SpringBootInjectContextDataAdvice {
  private SpringBootInjectContextDataAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Return(readOnly = false) StringMap contextData) {
    String[] entries = LogCorrelation.entries("log4j-context-data", true);
    if (entries == null || contextData == null || contextData.containsKey(entries[0])) {
      return;
    }
    StringMap target = contextData.isFrozen() ? new SortedArrayStringMap(contextData) : contextData;
    for (int i = 0; i < entries.length; i += 2) {
      if (!target.containsKey(entries[i])) {
        target.putValue(entries[i], entries[i + 1]);
      }
    }
    contextData = target;
  }
}
