package io.spanwise.core.sdk;

import io.spanwise.core.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** Runs some code and returns the lines it wrote to the agent's log. */
final class AgentLogCapture {
  interface Action {
    void run() throws Exception;
  }

  static List<String> capture(Action action) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream previous = AgentLog.redirect(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      AgentLog.redirect(previous);
    }
    return bytes.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
  }
}
