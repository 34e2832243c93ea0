package io.spanwise.smoke.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/**
 * Figures the fault suite reports but does not assert (latency, memory, exit times): printed, and
 * written to {@code target/fault-report.txt}, which each test run starts afresh.
 */
public final class FaultReport {
  private static boolean started;

  private FaultReport() {}

  public static synchronized Path file() {
    return Paths.get(System.getProperty("spanwise.faults.report", "target/fault-report.txt")).toAbsolutePath();
  }

  public static synchronized void line(String line) {
    System.out.println("[fault-report] " + line);
    try {
      Path file = file();
      Files.createDirectories(file.getParent());
      if (!started) {
        started = true;
        Files.writeString(file, "", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING);
      }
      Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.out.println("[fault-report] cannot write " + file() + ": " + e);
    }
  }
}
