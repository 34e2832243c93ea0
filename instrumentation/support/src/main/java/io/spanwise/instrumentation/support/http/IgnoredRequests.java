package io.spanwise.instrumentation.support.http;

import io.spanwise.instrumentation.spi.InstrumentationConfig;
import io.spanwise.instrumentation.spi.RoutePatterns;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Requests that make no span and start no trace, from {@code spanwise.traces.ignore}: a comma list of
 * routes or paths with {@code *} wildcards, each optionally preceded by a method
 * ({@code GET /actuator/health,/healthz,/metrics*}). A rule matches a request whose route or path matches
 * (and whose method, when the rule names one). Health checks and metrics scrapes are the usual entries.
 */
final class IgnoredRequests {
  static final IgnoredRequests NONE = new IgnoredRequests(List.of());
  static final String PROPERTY = "spanwise.traces.ignore";

  private final List<Rule> rules;

  private IgnoredRequests(List<Rule> rules) {
    this.rules = rules;
  }

  static IgnoredRequests fromConfig(InstrumentationConfig config) {
    List<String> entries = config.getList(PROPERTY, List.of());
    List<Rule> rules = new ArrayList<>();
    for (String entry : entries) {
      String e = entry.trim();
      int space = e.indexOf(' ');
      String method = space < 0 ? null : e.substring(0, space).toUpperCase(Locale.ROOT);
      String route = space < 0 ? e : e.substring(space + 1).trim();
      if (route.isEmpty() || !route.startsWith("/") && !route.startsWith("*")) {
        config.warn(config.sourceName(PROPERTY) + " has an entry \"" + e + "\" that is not valid (accepted: a"
            + " route or path starting with / or *, optionally after a method, e.g. \"GET /actuator/health\");"
            + " skipping it");
        continue;
      }
      rules.add(new Rule(method, RoutePatterns.glob(route)));
    }
    return rules.isEmpty() ? NONE : new IgnoredRequests(rules);
  }

  boolean isEmpty() {
    return rules.isEmpty();
  }

  boolean matches(String method, String route, String path) {
    for (Rule rule : rules) {
      if (rule.method != null && !rule.method.equals(method)) {
        continue;
      }
      if (route != null && rule.pattern.matcher(route).matches()
          || path != null && rule.pattern.matcher(path).matches()) {
        return true;
      }
    }
    return false;
  }

  private static final class Rule {
    final String method;
    final Pattern pattern;

    Rule(String method, Pattern pattern) {
      this.method = method;
      this.pattern = pattern;
    }
  }
}
