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

  /** The app of the OpenTelemetry API smoke test; its API jars are in {@link #otelApiJars}. */
  public static Path otelApiAppJar() {
    return existing("spanwise.otelApi.jar", "smoke-tests/apps/otel-api/target/otel-api-app.jar",
        "build it first: mvn -q verify -DskipTests -pl smoke-tests/apps/otel-api -am");
  }

  /** The opentelemetry-api jars of one version (api, context and, for newer versions, common). */
  public static java.util.List<Path> otelApiJars(String version) {
    Path dir = otelApiAppJar().getParent().resolve("otel-api").resolve(version);
    try (Stream<Path> jars = Files.list(dir)) {
      return jars.filter(p -> p.toString().endsWith(".jar")).sorted().collect(java.util.stream.Collectors.toList());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("no API jars of " + version + " in " + dir, e);
    }
  }

  public static Path embeddedTomcatJar() {
    return existing("spanwise.embeddedTomcat.jar",
        "smoke-tests/apps/embedded-tomcat/target/embedded-tomcat-app.jar",
        "build it first: mvn -q verify -DskipTests -pl smoke-tests/apps/embedded-tomcat -am");
  }

  public static Path springBootJar() {
    return existing("spanwise.springBoot.jar", "smoke-tests/apps/spring-boot/target/spring-shop.jar",
        "build it first: mvn -q verify -DskipTests -pl smoke-tests/apps/spring-boot -am");
  }

  public static Path springBoot3Jar() {
    return existing("spanwise.springBoot3.jar", "smoke-tests/apps/spring-boot3/target/spring-shop-boot3.jar",
        "build it first: mvn -q verify -DskipTests -pl smoke-tests/apps/spring-boot3 -am");
  }

  public static Path tomcatWar() {
    return existing("spanwise.tomcatWar.war", "smoke-tests/apps/tomcat-war/target/shop.war",
        "build it first: mvn -q verify -DskipTests -pl smoke-tests/apps/tomcat-war -am");
  }

  /** The unpacked Tomcat distribution (CATALINA_HOME). */
  public static Path tomcatHome() {
    String value = System.getProperty("spanwise.tomcat.home");
    Path home = (value != null ? Paths.get(value)
        : Paths.get("../..", "smoke-tests/tests/target/tomcat-dist/apache-tomcat-10.1.59")).toAbsolutePath().normalize();
    if (!Files.isRegularFile(home.resolve("bin/catalina.sh"))) {
      throw new IllegalStateException(home + " holds no bin/catalina.sh (system property spanwise.tomcat.home); "
          + "the smoke tests' build unpacks the distribution (generate-test-resources)");
    }
    return home;
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
