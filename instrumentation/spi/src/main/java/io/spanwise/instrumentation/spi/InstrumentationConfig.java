package io.spanwise.instrumentation.spi;

import java.util.List;

/**
 * The agent's configuration as a module reads its own settings ({@code otel.instrumentation.<name>.*},
 * {@code spanwise.<name>.*}): system property first, then environment variable. A value that cannot be
 * read gives one warning line and the default.
 */
public interface InstrumentationConfig {
  /** The value as set (trimmed), else the default; an empty value counts as not set. */
  String getString(String name, String defaultValue);

  boolean getBoolean(String name, boolean defaultValue);

  /** One of {@code accepted} (compared ignoring case), else the default. */
  String getChoice(String name, String defaultValue, List<String> accepted);

  default String getChoice(String name, String defaultValue, String... accepted) {
    return getChoice(name, defaultValue, List.of(accepted));
  }
}
