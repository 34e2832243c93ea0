package io.spanwise.instrumentation.annotations.agent;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.none;

import io.spanwise.instrumentation.spi.InstrumentationConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Classes and their methods as the OpenTelemetry agent's {@code otel.instrumentation.methods.include} and
 * {@code ...exclude-methods} write them: {@code com.example.Cls[m1,m2];com.example.Other[m]}. Spaces
 * around the parts are allowed; a class named twice gets the methods of both entries. An entry that does
 * not read (no brackets, no method, a name that is not a Java name) is left out with one warning naming
 * the setting.
 */
public final class MethodList {
  private static final Pattern ENTRY = Pattern.compile(
      "\\s*([\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}.$]*)\\s*\\[([^\\]]*)\\]\\s*");
  private static final Pattern METHOD = Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*");

  private final Map<String, Set<String>> methodsByClass;

  private MethodList(Map<String, Set<String>> methodsByClass) {
    this.methodsByClass = methodsByClass;
  }

  /** The list in the setting {@code name}; empty when unset. */
  public static MethodList fromConfig(InstrumentationConfig config, String name) {
    String value = config.getString(name, "");
    return parse(value, problem -> config.warn(config.sourceName(name) + ": " + problem));
  }

  /** Reports what could not be read. */
  public interface Warnings {
    void warn(String problem);
  }

  public static MethodList parse(String value, Warnings warnings) {
    Map<String, Set<String>> methods = new LinkedHashMap<>();
    if (value == null) {
      return new MethodList(methods);
    }
    for (String entry : value.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      Matcher matcher = ENTRY.matcher(entry);
      if (!matcher.matches()) {
        warnings.warn("'" + entry.trim() + "' is not Class[method,...]; left out");
        continue;
      }
      Set<String> names = new LinkedHashSet<>();
      for (String method : matcher.group(2).split(",")) {
        String trimmed = method.trim();
        if (METHOD.matcher(trimmed).matches()) {
          names.add(trimmed);
        } else if (!trimmed.isEmpty()) {
          warnings.warn("'" + trimmed + "' in '" + entry.trim() + "' is not a method name; left out");
        }
      }
      if (names.isEmpty()) {
        warnings.warn("'" + entry.trim() + "' names no method; left out");
        continue;
      }
      methods.computeIfAbsent(matcher.group(1), ignored -> new LinkedHashSet<>()).addAll(names);
    }
    return new MethodList(methods);
  }

  public boolean isEmpty() {
    return methodsByClass.isEmpty();
  }

  /** Class name to method names, in the order written. */
  public Map<String, Set<String>> byClass() {
    return Collections.unmodifiableMap(methodsByClass);
  }

  /** The listed methods of the listed classes (declared there, not inherited). */
  public ElementMatcher.Junction<MethodDescription> matcher() {
    ElementMatcher.Junction<MethodDescription> matcher = none();
    for (Map.Entry<String, Set<String>> entry : methodsByClass.entrySet()) {
      matcher = matcher.or(isDeclaredBy(named(entry.getKey()))
          .and(namedOneOf(entry.getValue().toArray(new String[0]))));
    }
    return matcher;
  }
}
