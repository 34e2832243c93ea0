package io.spanwise.log4jmdctests;

import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.log4j.AsyncAppender;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;
import org.apache.log4j.WriterAppender;

/**
 * Log4j 1.2 configured as an application would (an appender with a pattern layout), writing to memory:
 * what a user would read in the log file, one rendered line per event.
 */
final class Logs {
  private final StringWriter out = new StringWriter();
  private AsyncAppender async;

  private Logs(String pattern, boolean asynchronous) {
    WriterAppender appender = new WriterAppender(new PatternLayout(pattern), out);
    appender.setImmediateFlush(true);
    Logger root = Logger.getRootLogger();
    root.removeAllAppenders();
    if (asynchronous) {
      async = new AsyncAppender();
      async.addAppender(appender);
      root.addAppender(async);
    } else {
      root.addAppender(appender);
    }
  }

  /** A pattern layout, as {@code log4j.appender.X.layout.ConversionPattern} in log4j.properties. */
  static Logs pattern(String pattern) {
    return new Logs(pattern, false);
  }

  static Logs pattern(String pattern, boolean asynchronous) {
    return new Logs(pattern, asynchronous);
  }

  /** The lines written so far (an asynchronous appender is drained first). */
  List<String> lines() {
    if (async != null) {
      async.close(); // waits for the queued events to be written
    }
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
