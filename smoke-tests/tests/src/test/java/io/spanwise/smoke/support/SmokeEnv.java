package io.spanwise.smoke.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

/** Where the built jars are (set by surefire from the pom; overridable with -D). */
public final class SmokeEnv {
  private SmokeEnv() {}

  public static Path agentJar() {
    return existing("spanwise.agent.jar", "agent-dist/target/spanwise-agent.jar",
        "build it first: mvn -q install -DskipTests (at the repository root)");
  }

  public static Path demoJar() {
    return existing("spanwise.demo.jar", "smoke-tests/demo/target/spanwise-demo.jar",
        "build it first: mvn -q install -DskipTests");
  }

  public static Path conflictingDepsJar() {
    return existing("spanwise.conflictingDeps.jar",
        "smoke-tests/apps/conflicting-deps/target/conflicting-deps-app.jar",
        "build it first: mvn -q install -DskipTests");
  }

  private static boolean logsCleaned;

  /** Where child JVM output goes; emptied once per test run so it only holds this run's logs. */
  public static synchronized Path logsDir() {
    String dir = System.getProperty("spanwise.smoke.logs");
    Path logs = Paths.get(dir != null ? dir : "target/smoke-logs").toAbsolutePath();
    if (!logsCleaned) {
      logsCleaned = true;
      try (Stream<Path> old = Files.exists(logs) ? Files.list(logs) : Stream.empty()) {
        old.filter(Files::isRegularFile).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        // stale logs are only confusing, not wrong
      }
    }
    return logs;
  }

  private static Path existing(String property, String usual, String hint) {
    String value = System.getProperty(property);
    Path path = value != null ? Paths.get(value) : Paths.get("../..", usual);
    path = path.toAbsolutePath().normalize();
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(path + " does not exist (system property " + property + "); " + hint);
    }
    return path;
  }
}
