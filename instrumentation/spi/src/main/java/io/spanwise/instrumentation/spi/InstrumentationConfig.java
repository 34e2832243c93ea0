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

  /** A comma list, entries trimmed and empty ones dropped; the default when unset. */
  List<String> getList(String name, List<String> defaultValue);

  /** The name as the user set it: the system property, or the environment variable it came from. */
  String sourceName(String name);

  /** One warning line on the agent's log, for a value the module cannot use. */
  void warn(String message);

  /** One line on the agent's log. */
  default void info(String message) {}

  /** One line on the agent's log when debug output is on ({@code otel.javaagent.debug}). */
  default void debug(String message) {}
}
