package io.spanwise.core.install;

import io.spanwise.core.AgentLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What each module has woven, for {@code otel.javaagent.debug}: a line per class as it is woven, naming
 * the module, then one with the time weaving it took; and once, a few seconds after start, a summary per
 * module, with a line for each enabled module that wove nothing yet ("servlet: no class woven yet"), and
 * the weaving's time in all. A user whose spans are missing sees whether the library's classes were
 * found at all; one whose application starts slower sees what the weaving took of it, class by class
 * (it runs on the thread loading the class). Without debug nothing is counted, timed or logged.
 */
final class WovenClasses {
  /** Long enough for a typical service to have loaded its libraries and answered its first requests. */
  static final long SUMMARY_DELAY_MILLIS = 10_000;

  private final Map<String, AtomicInteger> byModule = new LinkedHashMap<>();
  private final AtomicInteger classesWoven = new AtomicInteger();
  private final AtomicLong weavingNanos = new AtomicLong();

  WovenClasses(List<String> moduleNames) {
    for (String name : moduleNames) {
      byModule.putIfAbsent(name, new AtomicInteger());
    }
  }

  /** A transformer step that records the class for {@code module}; does nothing unless debug is on. */
  ModuleTransformer.Step recorder(String module) {
    AtomicInteger count = byModule.get(module);
    return (type, loader, domain) -> {
      if (AgentLog.isDebug()) {
        count.incrementAndGet();
        AgentLog.debug("instrumented " + type.getName() + " (" + module + ", loader " + loader + ")");
      }
    };
  }

  /**
   * Records, with debug on, that the transformer wove {@code className} (as it loaded, or again when
   * {@code retransformed}) in {@code nanos}, and logs it.
   */
  void woven(String className, boolean retransformed, long nanos) {
    if (AgentLog.isDebug()) {
      classesWoven.incrementAndGet();
      weavingNanos.addAndGet(nanos);
      AgentLog.debug((retransformed ? "woven again: " : "woven as it loads: ") + className + " (" + millis(nanos)
          + " ms)");
    }
  }

  /** The summary lines, in module order, then the weaving's time in all. */
  List<String> summary() {
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, AtomicInteger> module : byModule.entrySet()) {
      int count = module.getValue().get();
      lines.add(module.getKey() + ": " + (count == 0 ? "no class woven yet" : count + " classes woven"));
    }
    lines.add("weaving took " + millis(weavingNanos.get()) + " ms for " + classesWoven.get()
        + " classes, each on the thread loading or retransforming it");
    return lines;
  }

  /** Milliseconds with one decimal, as the debug lines give durations. */
  static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
  }

  /** With debug on, logs the summary once after {@link #SUMMARY_DELAY_MILLIS}, on a daemon thread. */
  void summarizeLater() {
    if (!AgentLog.isDebug() || byModule.isEmpty()) {
      return;
    }
    Thread thread = new Thread(() -> {
      try {
        Thread.sleep(SUMMARY_DELAY_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      for (String line : summary()) {
        AgentLog.debug(line);
      }
    }, "spanwise-debug-summary");
    thread.setDaemon(true);
    thread.start();
  }
}
