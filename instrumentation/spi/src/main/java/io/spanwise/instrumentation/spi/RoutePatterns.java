package io.spanwise.instrumentation.spi;

import java.util.regex.Pattern;

/** Routes and paths as users write them in settings: {@code *} matches anything, slashes included. */
public final class RoutePatterns {
  private RoutePatterns() {}

  /** {@code /orders/*} as a pattern; every other character stands for itself. */
  public static Pattern glob(String route) {
    String[] parts = route.split("\\*", -1);
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(parts[i]));
    }
    return Pattern.compile(regex.toString());
  }
}
