package io.spanwise.core.config;

import io.spanwise.instrumentation.spi.InstrumentationConfig;
import io.spanwise.core.AgentLog;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's configuration, read the way the OpenTelemetry Java agent reads it: a property such as
 * {@code otel.exporter.otlp.endpoint} is taken from the system property of that name, else from the
 * environment variable {@code OTEL_EXPORTER_OTLP_ENDPOINT} (upper case, {@code .} and {@code -}
 * replaced by {@code _}). Blank values count as unset.
 *
 * <p>The typed getters never throw: a value that cannot be read gives exactly one warning line naming
 * the setting (as the user spelled it), the value and what is accepted, and the default is used. The
 * warnings are also kept, for tests and for the startup summary, in {@link #warnings()}.
 *
 * <p>Instances are immutable snapshots of the two sources, apart from the warning list; they are safe
 * to share between threads.
 */
public final class Config implements InstrumentationConfig {

  private static final Pattern DURATION =
      Pattern.compile("(\\d+)\\s*(ns|us|ms|s|m|h|d)?", Pattern.CASE_INSENSITIVE);
  private static final String DURATION_ACCEPTED =
      "a non-negative duration: a whole number of milliseconds, or a whole number with a unit"
          + " ns, us, ms, s, m, h or d, e.g. 500ms or 10s";

  private final Map<String, String> systemProperties;
  private final Map<String, String> environment;
  private final Set<String> warnings = new LinkedHashSet<>();

  private Config(Map<String, String> systemProperties, Map<String, String> environment) {
    this.systemProperties = systemProperties;
    this.environment = environment;
  }

  /** The JVM's system properties and environment variables, as they are now. */
  public static Config fromEnvironment() {
    Map<String, String> props = new HashMap<>();
    Properties system = System.getProperties();
    for (String name : system.stringPropertyNames()) {
      String value = system.getProperty(name);
      if (value != null) {
        props.put(name, value);
      }
    }
    Map<String, String> env;
    try {
      env = new HashMap<>(System.getenv());
    } catch (SecurityException e) {
      env = Collections.emptyMap();
    }
    return new Config(props, env);
  }

  /** A configuration over the given maps (copied); either may be null, meaning empty. */
  public static Config of(Map<String, String> systemProperties, Map<String, String> environment) {
    return new Config(copy(systemProperties), copy(environment));
  }

  private static Map<String, String> copy(Map<String, String> map) {
    if (map == null) {
      return Collections.emptyMap();
    }
    Map<String, String> copy = new HashMap<>();
    map.forEach(
        (k, v) -> {
          if (k != null && v != null) {
            copy.put(k, v);
          }
        });
    return copy;
  }

  /** {@code otel.exporter.otlp.endpoint} -> {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
  public static String envName(String propertyName) {
    return propertyName.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  // ---------------------------------------------------------------- raw lookup

  /** True if the property is set (system property or environment variable) to a non-blank value. */
  public boolean isSet(String name) {
    return raw(name) != null;
  }

  /**
   * The name under which the user set the property: the system property name if that is set, the
   * environment variable name if only that is set, else the property name itself.
   */
  public String sourceName(String name) {
    if (nonBlank(systemProperties.get(name)) != null) {
      return name;
    }
    String env = envName(name);
    if (nonBlank(environment.get(env)) != null) {
      return env;
    }
    return name;
  }

  /** The trimmed value, or null when unset or blank. */
  private String raw(String name) {
    String value = nonBlank(systemProperties.get(name));
    if (value == null) {
      value = nonBlank(environment.get(envName(name)));
    }
    return value;
  }

  private static String nonBlank(String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.trim();
    return trimmed.isEmpty() ? null : trimmed;
  }

  // ---------------------------------------------------------------- typed getters

  /** The trimmed value, or {@code defaultValue} (may be null) when unset. */
  public String getString(String name, String defaultValue) {
    String value = raw(name);
    return value == null ? defaultValue : value;
  }

  /** {@code true} or {@code false}, case-insensitive. */
  public boolean getBoolean(String name, boolean defaultValue) {
    String value = raw(name);
    if (value == null) {
      return defaultValue;
    }
    if ("true".equalsIgnoreCase(value)) {
      return true;
    }
    if ("false".equalsIgnoreCase(value)) {
      return false;
    }
    warnInvalid(name, value, "true or false", String.valueOf(defaultValue));
    return defaultValue;
  }

  /** Any integer. */
  public int getInt(String name, int defaultValue) {
    return getInt(name, defaultValue, Integer.MIN_VALUE);
  }

  /** An integer not below {@code minimum}. */
  public int getInt(String name, int defaultValue, int minimum) {
    String value = raw(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= minimum) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    String accepted =
        minimum == Integer.MIN_VALUE ? "an integer" : "an integer greater than or equal to " + minimum;
    warnInvalid(name, value, accepted, String.valueOf(defaultValue));
    return defaultValue;
  }

  /** Any finite number. */
  public double getDouble(String name, double defaultValue) {
    return getDouble(name, defaultValue, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
  }

  /** A finite number from {@code minimum} to {@code maximum}, both included. */
  public double getDouble(String name, double defaultValue, double minimum, double maximum) {
    String value = raw(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      double parsed = Double.parseDouble(value);
      if (!Double.isNaN(parsed)
          && !Double.isInfinite(parsed)
          && parsed >= minimum
          && parsed <= maximum) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    String accepted;
    if (minimum == Double.NEGATIVE_INFINITY && maximum == Double.POSITIVE_INFINITY) {
      accepted = "a number";
    } else if (maximum == Double.POSITIVE_INFINITY) {
      accepted = "a number greater than or equal to " + minimum;
    } else if (minimum == Double.NEGATIVE_INFINITY) {
      accepted = "a number less than or equal to " + maximum;
    } else {
      accepted = "a number from " + minimum + " to " + maximum;
    }
    warnInvalid(name, value, accepted, String.valueOf(defaultValue));
    return defaultValue;
  }

  /**
   * A duration as the OpenTelemetry SDK reads it: a whole number of milliseconds ({@code 500}) or a
   * whole number with a unit {@code ns}, {@code us}, {@code ms}, {@code s}, {@code m}, {@code h},
   * {@code d} ({@code 10s}). Negative durations are not valid.
   */
  public Duration getDuration(String name, Duration defaultValue) {
    String value = raw(name);
    if (value == null) {
      return defaultValue;
    }
    Duration parsed = parseDuration(value);
    if (parsed != null) {
      return parsed;
    }
    warnInvalid(name, value, DURATION_ACCEPTED, formatDuration(defaultValue));
    return defaultValue;
  }

  /** A duration as {@link #getDuration} reads it ({@code 500ms}, {@code 2s}, a bare number of ms), or null. */
  public static Duration parseDuration(String value) {
    Matcher m = DURATION.matcher(value.trim());
    if (!m.matches()) {
      return null;
    }
    long amount;
    try {
      amount = Long.parseLong(m.group(1));
    } catch (NumberFormatException tooLarge) {
      return null;
    }
    String unit = m.group(2) == null ? "ms" : m.group(2).toLowerCase(Locale.ROOT);
    try {
      switch (unit) {
        case "ns":
          return Duration.ofNanos(amount);
        case "us":
          return Duration.ofNanos(Math.multiplyExact(amount, 1000L));
        case "ms":
          return Duration.ofMillis(amount);
        case "s":
          return Duration.ofSeconds(amount);
        case "m":
          return Duration.ofMinutes(amount);
        case "h":
          return Duration.ofHours(amount);
        case "d":
          return Duration.ofDays(amount);
        default:
          return null;
      }
    } catch (ArithmeticException tooLarge) {
      return null;
    }
  }

  /** A short human form of a duration in the syntax {@link #getDuration} accepts: 10s, 500ms, 2m. */
  public static String formatDuration(Duration duration) {
    if (duration == null) {
      return "none";
    }
    long nanos;
    try {
      nanos = duration.toNanos();
    } catch (ArithmeticException e) {
      return duration.toMillis() + "ms";
    }
    if (nanos == 0) {
      return "0ms";
    }
    long[] factors = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L,
        1_000_000L, 1_000L, 1L};
    String[] units = {"d", "h", "m", "s", "ms", "us", "ns"};
    for (int i = 0; i < factors.length; i++) {
      if (nanos % factors[i] == 0) {
        return (nanos / factors[i]) + units[i];
      }
    }
    return nanos + "ns";
  }

  /**
   * A comma separated list: entries trimmed, empty entries dropped. {@code defaultValue} when unset
   * (or when nothing but commas and blanks is set).
   */
  public List<String> getList(String name, List<String> defaultValue) {
    String value = raw(name);
    if (value == null) {
      return defaultValue;
    }
    List<String> list = splitList(value);
    return list.isEmpty() ? defaultValue : Collections.unmodifiableList(list);
  }

  private static List<String> splitList(String value) {
    List<String> list = new ArrayList<>();
    for (String part : value.split(",")) {
      String trimmed = part.trim();
      if (!trimmed.isEmpty()) {
        list.add(trimmed);
      }
    }
    return list;
  }

  /**
   * A map written {@code k=v,k2=v2}, as in {@code OTEL_RESOURCE_ATTRIBUTES} and
   * {@code OTEL_EXPORTER_OTLP_HEADERS}: keys and values trimmed, values percent-decoded (W3C
   * baggage style: {@code %2C} is a comma; a {@code +} stays a plus). An entry without a key, a
   * {@code =} or a value is warned about and skipped. Empty map when unset. Entries keep their order.
   */
  public Map<String, String> getMap(String name) {
    String value = raw(name);
    if (value == null) {
      return Collections.emptyMap();
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (String entry : value.split(",")) {
      if (entry.trim().isEmpty()) {
        continue;
      }
      int eq = entry.indexOf('=');
      String key = eq < 0 ? "" : entry.substring(0, eq).trim();
      String val = eq < 0 ? "" : entry.substring(eq + 1).trim();
      if (key.isEmpty() || val.isEmpty()) {
        String shown = isSensitive(name) ? "<hidden, " + entry.trim().length() + " characters>"
            : quote(entry.trim());
        warn(sourceName(name) + " has a malformed entry " + shown
            + " (accepted: key=value pairs separated by commas, values percent-encoded);"
            + " skipping that entry");
        continue;
      }
      map.put(key, percentDecode(val));
    }
    return Collections.unmodifiableMap(map);
  }

  /**
   * Decodes {@code %XX} escapes as UTF-8. Anything that is not a valid escape is kept literally;
   * {@code +} is not a space.
   */
  static String percentDecode(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < utf8.length; i++) {
      byte b = utf8[i];
      if (b == '%' && i + 2 < utf8.length && hex(utf8[i + 1]) >= 0 && hex(utf8[i + 2]) >= 0) {
        bytes.write((hex(utf8[i + 1]) << 4) | hex(utf8[i + 2]));
        i += 2;
      } else {
        bytes.write(b);
      }
    }
    return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
  }

  private static int hex(byte c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /**
   * One of {@code accepted}, compared case-insensitively; returns the matching entry of
   * {@code accepted} as written there. {@code defaultValue} when unset or not accepted.
   */
  public String getChoice(String name, String defaultValue, String... accepted) {
    return getChoice(name, defaultValue, Arrays.asList(accepted));
  }

  /** As {@link #getChoice(String, String, String...)}. */
  public String getChoice(String name, String defaultValue, List<String> accepted) {
    String value = raw(name);
    if (value == null) {
      return defaultValue;
    }
    for (String choice : accepted) {
      if (choice.equalsIgnoreCase(value)) {
        return choice;
      }
    }
    warnInvalid(name, value, "one of " + String.join(", ", accepted), defaultValue);
    return defaultValue;
  }

  /**
   * Whether the instrumentation {@code name} is on: {@code otel.instrumentation.<name>.enabled} if
   * set, else {@code otel.instrumentation.common.default-enabled} (default true) and
   * {@code moduleDefault}.
   */
  public boolean isInstrumentationEnabled(String name, boolean moduleDefault) {
    boolean fallback =
        getBoolean("otel.instrumentation.common.default-enabled", true) && moduleDefault;
    return getBoolean("otel.instrumentation." + name + ".enabled", fallback);
  }

  // ---------------------------------------------------------------- warnings

  /**
   * Reports a value that cannot be used, in the one format all settings share:
   * {@code otel.x="abc" is not valid (accepted: ...); using the default: 1.0}. The setting is named
   * as the user spelled it (system property or environment variable). A warning already given is
   * not repeated.
   */
  public void warnInvalid(String name, String value, String accepted, String defaultValue) {
    warnInvalid(name, value, null, accepted, defaultValue);
  }

  /**
   * As {@link #warnInvalid(String, String, String, String)} with the reason the value was refused
   * when it is more than "not in the accepted form": {@code otel.x="/a.pem" is not valid: no such
   * file (accepted: ...); using the default: ...}.
   */
  public void warnInvalid(
      String name, String value, String reason, String accepted, String defaultValue) {
    String shown = isSensitive(name) ? "<hidden>" : quote(value);
    warn(sourceName(name) + "=" + shown + " is not valid" + (reason == null ? "" : ": " + reason)
        + " (accepted: " + accepted + "); using the default: "
        + (defaultValue == null ? "none" : defaultValue));
  }

  /** Logs a configuration warning once (to the agent log) and keeps it in {@link #warnings()}. */
  public void warn(String message) {
    boolean added;
    synchronized (warnings) {
      added = warnings.add(message);
    }
    if (added) {
      AgentLog.warn(message);
    }
  }

  @Override
  public void info(String message) {
    AgentLog.info(message);
  }

  @Override
  public void debug(String message) {
    AgentLog.debug(message);
  }

  /** The configuration warnings given so far, oldest first, without the log prefix. */
  public List<String> warnings() {
    synchronized (warnings) {
      return Collections.unmodifiableList(new ArrayList<>(warnings));
    }
  }

  /** Header values (tokens, passwords) are never echoed into the log. */
  private static boolean isSensitive(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.contains("headers") || lower.contains("password") || lower.contains("secret")
        || lower.contains("token");
  }

  private static String quote(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  @Override
  public String toString() {
    return "Config{" + systemProperties.size() + " system properties, " + environment.size()
        + " environment variables}";
  }
}
