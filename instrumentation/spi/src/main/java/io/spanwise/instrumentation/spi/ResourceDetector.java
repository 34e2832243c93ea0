package io.spanwise.instrumentation.spi;

import java.nio.file.Path;
import java.util.Map;

/**
 * Resource attributes a module knows how to read from the application's executable jar (found by
 * ServiceLoader in the agent's loader, like {@link InstrumentationModule}): say, a framework's build
 * information or application name. Above what the core guesses from the jar's manifest and file name,
 * below {@code otel.resource.attributes} and {@code otel.service.name}.
 */
public interface ResourceDetector {
  /**
   * Attributes found in {@code mainJar} (the jar of {@code java -jar}), such as {@code service.name} and
   * {@code service.version}; empty when none. Called once at start-up, before the application runs: it
   * reads files only, loads no application class, and must not throw.
   */
  Map<String, String> detect(Path mainJar);
}
