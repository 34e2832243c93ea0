package io.spanwise.smoke.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

/** A JDK to run a child JVM on. {@link #all()} feeds {@code @MethodSource}. */
public final class Jdk {
  public static final String DEFAULT_JDK25_HOME = "/usr/lib/jvm/temurin-25-jdk-amd64";

  private final String label;
  private final Path home;

  private Jdk(String label, Path home) {
    this.label = label;
    this.home = home;
  }

  /** The JDK running the tests. */
  public static Jdk current() {
    return new Jdk("java " + System.getProperty("java.specification.version") + " (the build's JDK)",
        Paths.get(System.getProperty("java.home")));
  }

  public static Jdk temurin25() {
    return new Jdk("java 25 (Temurin)",
        Paths.get(System.getProperty("spanwise.jdk25.home", DEFAULT_JDK25_HOME)));
  }

  /** The build's JDK and Temurin 25; a test given one that is not installed skips itself. */
  public static Stream<Jdk> all() {
    return Stream.of(current(), temurin25());
  }

  public Path home() {
    return home;
  }

  public Path java() {
    return home.resolve("bin").resolve("java");
  }

  public boolean installed() {
    return Files.isExecutable(java());
  }

  /** Skips the calling test (visibly, as an aborted assumption) when this JDK is not installed. */
  public Jdk assumeInstalled() {
    assumeTrue(installed(), () -> label + " is not installed: no executable " + java());
    return this;
  }

  /** The same JDK: the same home (keys of {@link Shared}). */
  @Override
  public boolean equals(Object other) {
    return other instanceof Jdk && ((Jdk) other).home.equals(home);
  }

  @Override
  public int hashCode() {
    return home.hashCode();
  }

  @Override
  public String toString() {
    return label;
  }
}
