package io.spanwise.logbacktests;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Logback configured as an application would (an appender with an encoder), writing to memory: what a
 * user would read in the log file, one rendered line per event.
 */
final class Logs {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
  private AsyncAppenderBase<ILoggingEvent> async;

  private Logs(Encoder<ILoggingEvent> encoder, boolean asynchronous) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    encoder.setContext(context);
    encoder.start();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    if (asynchronous) {
      async = new ch.qos.logback.classic.AsyncAppender();
      async.setContext(context);
      async.addAppender(appender);
      async.start();
      root.addAppender(async);
    } else {
      root.addAppender(appender);
    }
  }

  /** A pattern layout, as {@code <pattern>} in logback.xml. */
  static Logs pattern(String pattern) {
    return pattern(pattern, false);
  }

  static Logs pattern(String pattern, boolean asynchronous) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setPattern(pattern);
    return new Logs(encoder, asynchronous);
  }

  static Logs encoder(Encoder<ILoggingEvent> encoder) {
    return new Logs(encoder, false);
  }

  /** The lines written so far (an asynchronous appender is drained first). */
  List<String> lines() {
    if (async != null) {
      async.stop(); // waits for the queued events to be written
    }
    String text = new String(out.toByteArray(), StandardCharsets.UTF_8);
    return Arrays.stream(text.split("\\R")).filter(l -> !l.isEmpty()).collect(Collectors.toList());
  }

  String onlyLine() {
    List<String> lines = lines();
    if (lines.size() != 1) {
      throw new AssertionError("expected one log line, got " + lines);
    }
    return lines.get(0);
  }
}
