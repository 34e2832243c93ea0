package io.spanwise.log4jtests;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.StringLayout;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Log4j configured as an application would (an appender with a layout on the root logger), writing to
 * memory: what a user would read in the log file, one rendered line per event.
 */
final class Logs {
  private static int appenders;
  private final StringWriter out = new StringWriter();

  private Logs(StringLayout layout) {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    LoggerConfig root = config.getRootLogger();
    for (String name : new ArrayList<>(root.getAppenders().keySet())) {
      root.removeAppender(name);
    }
    Appender appender = WriterAppender.createAppender(layout, null, out, "memory-" + (++appenders), false, true);
    appender.start();
    config.addAppender(appender);
    root.addAppender(appender, Level.INFO, null);
    root.setLevel(Level.INFO);
    context.updateLoggers();
  }

  /** A pattern layout, as {@code <PatternLayout pattern="..."/>} in log4j2.xml. */
  static Logs pattern(String pattern) {
    return new Logs(PatternLayout.newBuilder().withPattern(pattern).build());
  }

  static Logs layout(StringLayout layout) {
    return new Logs(layout);
  }

  static Configuration configuration() {
    return ((LoggerContext) LogManager.getContext(false)).getConfiguration();
  }

  List<String> lines() {
    return Arrays.stream(out.toString().split("\\R")).filter(l -> !l.isEmpty()).collect(Collectors.toList());
  }

  String onlyLine() {
    List<String> lines = lines();
    if (lines.size() != 1) {
      throw new AssertionError("expected one log line, got " + lines);
    }
    return lines.get(0);
  }
}
