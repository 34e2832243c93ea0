package io.spanwise.core.sampling;

import io.spanwise.core.config.Config;
import io.spanwise.instrumentation.spi.RoutePatterns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * When a local trace counts as slow, from {@code spanwise.traces.keep-slow}: one duration for every trace
 * ({@code 500ms}), or thresholds per route, first match wins ({@code GET /checkout=300ms,POST
 * /orders/*=1s,*=2s}). A rule's key is a route with {@code *} wildcards, optionally preceded by a method;
 * it is matched against the local root span's name ({@code GET /orders/{id}}: the HTTP server
 * convention {@code "{method} {route}"}) and, without a method, against the route alone. A trace no rule
 * matches is never slow.
 */
final class SlowThresholds {
  static final SlowThresholds NONE = new SlowThresholds(List.of());
  static final String ACCEPTED = "a duration such as 500ms, or route=duration pairs such as"
      + " \"GET /checkout=300ms,POST /orders/*=1s,*=2s\"";

  private final List<Rule> rules;

  private SlowThresholds(List<Rule> rules) {
    this.rules = rules;
  }

  boolean isEmpty() {
    return rules.isEmpty();
  }

  /** Reads the setting; an entry that cannot be read is warned about and skipped. */
  static SlowThresholds fromConfig(Config config, String property) {
    String value = config.getString(property, null);
    if (value == null || value.trim().isEmpty()) {
      return NONE;
    }
    Duration single = Config.parseDuration(value);
    if (single != null) {
      return new SlowThresholds(List.of(new Rule("*", null, RoutePatterns.glob("*"), single)));
    }
    List<Rule> rules = new ArrayList<>();
    for (String entry : value.split(",")) {
      String e = entry.trim();
      if (e.isEmpty()) {
        continue;
      }
      int eq = e.lastIndexOf('=');
      Duration threshold = eq < 0 ? null : Config.parseDuration(e.substring(eq + 1));
      String key = eq < 0 ? "" : e.substring(0, eq).trim();
      if (threshold == null || key.isEmpty()) {
        config.warn(config.sourceName(property) + " has an entry \"" + e + "\" that is not valid (accepted: "
            + ACCEPTED + "); skipping it");
        continue;
      }
      int space = key.indexOf(' ');
      String method = space < 0 ? null : key.substring(0, space).toUpperCase(Locale.ROOT);
      String route = space < 0 ? key : key.substring(space + 1).trim();
      rules.add(new Rule(key, method, RoutePatterns.glob(route), threshold));
    }
    return new SlowThresholds(rules);
  }

  /** The threshold for a local root span named {@code spanName}, or null when no rule matches. */
  Duration thresholdFor(String spanName) {
    String method = null;
    String route = spanName;
    int space = spanName.indexOf(' ');
    if (space > 0) {
      method = spanName.substring(0, space);
      route = spanName.substring(space + 1);
    }
    for (Rule rule : rules) {
      if ((rule.method == null || rule.method.equals(method))
          && (rule.route.matcher(route).matches() || rule.method == null && rule.route.matcher(spanName).matches())) {
        return rule.threshold;
      }
    }
    return null;
  }

  /** For the start-up line: "500ms", or "GET /checkout=300ms, *=2s". */
  String describe() {
    if (rules.size() == 1 && rules.get(0).key.equals("*")) {
      return Config.formatDuration(rules.get(0).threshold);
    }
    List<String> parts = new ArrayList<>();
    for (Rule rule : rules) {
      parts.add(rule.key + "=" + Config.formatDuration(rule.threshold));
    }
    return String.join(", ", parts);
  }

  private static final class Rule {
    final String key;
    final String method;
    final Pattern route;
    final Duration threshold;

    Rule(String key, String method, Pattern route, Duration threshold) {
      this.key = key;
      this.method = method;
      this.route = route;
      this.threshold = threshold;
    }
  }
}
