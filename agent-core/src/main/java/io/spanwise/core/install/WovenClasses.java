package io.spanwise.core.install;

import io.spanwise.core.AgentLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What each module has woven, for {@code otel.javaagent.debug}: a line per class as it is woven, naming
 * the module, and once, a few seconds after start, a summary per module, with a line for each enabled
 * module that wove nothing yet ("servlet: no class woven yet"). A user whose spans are missing sees
 * whether the library's classes were found at all. Without debug nothing is counted or logged.
 */
final class WovenClasses {
  /** Long enough for a typical service to have loaded its libraries and answered its first requests. */
  static final long SUMMARY_DELAY_MILLIS = 10_000;

  private final Map<String, AtomicInteger> byModule = new LinkedHashMap<>();

  WovenClasses(List<String> moduleNames) {
    for (String name : moduleNames) {
      byModule.putIfAbsent(name, new AtomicInteger());
    }
  }

  /** A transformer step that records the class for {@code module}; does nothing unless debug is on. */
  ModuleTransformer.Step recorder(String module) {
    AtomicInteger count = byModule.get(module);
    return (builder, type, loader, domain) -> {
      if (AgentLog.isDebug()) {
        count.incrementAndGet();
        AgentLog.debug("instrumented " + type.getName() + " (" + module + ", loader " + loader + ")");
      }
      return builder;
    };
  }

  /** The summary lines, in module order. */
  List<String> summary() {
    java.util.ArrayList<String> lines = new java.util.ArrayList<>();
    for (Map.Entry<String, AtomicInteger> module : byModule.entrySet()) {
      int count = module.getValue().get();
      lines.add(module.getKey() + ": " + (count == 0 ? "no class woven yet" : count + " classes woven"));
    }
    return lines;
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
