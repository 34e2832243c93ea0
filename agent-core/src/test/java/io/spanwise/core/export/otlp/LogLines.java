package io.spanwise.core.export.otlp;

import io.spanwise.core.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** The agent's log lines written while it is open (AgentLog redirected to memory). */
final class LogLines implements AutoCloseable {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream previous;

  private LogLines() {
    previous = AgentLog.redirect(new PrintStream(bytes, true, StandardCharsets.UTF_8));
  }

  static LogLines start() {
    return new LogLines();
  }

  synchronized List<String> lines() {
    return bytes.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
  }

  @Override
  public void close() {
    AgentLog.redirect(previous);
  }
}
