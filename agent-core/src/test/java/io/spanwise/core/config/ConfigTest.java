package io.spanwise.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

  private static Config props(String... keyValues) {
    return Config.of(map(keyValues), Collections.emptyMap());
  }

  private static Config env(String... keyValues) {
    return Config.of(Collections.emptyMap(), map(keyValues));
  }

  private static Map<String, String> map(String... keyValues) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put(keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  // ------------------------------------------------------------------ lookup

  @Test
  void envNameIsUpperCaseWithUnderscores() {
    assertThat(Config.envName("otel.exporter.otlp.endpoint")).isEqualTo("OTEL_EXPORTER_OTLP_ENDPOINT");
    assertThat(Config.envName("otel.instrumentation.common.default-enabled"))
        .isEqualTo("OTEL_INSTRUMENTATION_COMMON_DEFAULT_ENABLED");
  }

  @Test
  void systemPropertyWinsOverEnvironment() {
    Config config =
        Config.of(
            map("otel.service.name", "from-property"),
            map("OTEL_SERVICE_NAME", "from-env"));
    assertThat(config.getString("otel.service.name", "d")).isEqualTo("from-property");
    assertThat(config.sourceName("otel.service.name")).isEqualTo("otel.service.name");
  }

  @Test
  void environmentIsUsedWhenNoSystemProperty() {
    Config config = env("OTEL_SERVICE_NAME", "from-env", "OTEL_INSTRUMENTATION_COMMON_DEFAULT_ENABLED", "false");
    assertThat(config.getString("otel.service.name", "d")).isEqualTo("from-env");
    assertThat(config.getBoolean("otel.instrumentation.common.default-enabled", true)).isFalse();
    assertThat(config.sourceName("otel.service.name")).isEqualTo("OTEL_SERVICE_NAME");
  }

  @Test
  void environmentNamesAreExact() {
    // lower-case or dotted environment variables are not the standard spelling and are not read
    Config config = env("otel.service.name", "dotted", "otel_service_name", "lower");
    assertThat(config.getString("otel.service.name", "d")).isEqualTo("d");
  }

  @Test
  void blankValuesCountAsUnset() {
    Config config =
        Config.of(map("otel.service.name", "   "), map("OTEL_SERVICE_NAME", "from-env", "OTEL_X", ""));
    assertThat(config.getString("otel.service.name", "d")).isEqualTo("from-env");
    assertThat(config.isSet("otel.x")).isFalse();
    assertThat(config.getString("otel.x", "d")).isEqualTo("d");
    assertThat(config.getInt("otel.x", 7)).isEqualTo(7);
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void valuesAreTrimmed() {
    assertThat(props("a.b", "  v  ").getString("a.b", null)).isEqualTo("v");
    assertThat(props("a.b", " 12 ").getInt("a.b", 0)).isEqualTo(12);
  }

  @Test
  void nullMapsAreEmpty() {
    Config config = Config.of(null, null);
    assertThat(config.getString("a", "d")).isEqualTo("d");
  }

  @Test
  void ofCopiesItsInput() {
    Map<String, String> props = map("a", "1");
    Config config = Config.of(props, null);
    props.put("a", "2");
    assertThat(config.getString("a", null)).isEqualTo("1");
  }

  @Test
  void fromEnvironmentReadsSystemProperties() {
    String name = "spanwise.test.config." + System.nanoTime();
    System.setProperty(name, "yes");
    try {
      assertThat(Config.fromEnvironment().getString(name, null)).isEqualTo("yes");
    } finally {
      System.clearProperty(name);
    }
  }

  // ------------------------------------------------------------------ boolean

  @Test
  void booleans() {
    assertThat(props("a", "TRUE").getBoolean("a", false)).isTrue();
    assertThat(props("a", "True").getBoolean("a", false)).isTrue();
    assertThat(props("a", "false").getBoolean("a", true)).isFalse();
    assertThat(props("a", "FaLsE").getBoolean("a", true)).isFalse();
    assertThat(props().getBoolean("a", true)).isTrue();
  }

  @Test
  void invalidBooleanWarnsAndUsesDefault() {
    Config config = props("otel.javaagent.enabled", "yes");
    assertThat(config.getBoolean("otel.javaagent.enabled", true)).isTrue();
    assertThat(config.warnings())
        .containsExactly(
            "otel.javaagent.enabled=\"yes\" is not valid (accepted: true or false); using the default: true");
  }

  // ------------------------------------------------------------------ numbers

  @Test
  void integers() {
    assertThat(props("a", "42").getInt("a", 1)).isEqualTo(42);
    assertThat(props("a", "-3").getInt("a", 1)).isEqualTo(-3);
    assertThat(props("a", "0").getInt("a", 1, 0)).isEqualTo(0);
  }

  @Test
  void integerBelowMinimumWarns() {
    Config config = props("otel.bsp.max.queue.size", "0");
    assertThat(config.getInt("otel.bsp.max.queue.size", 2048, 1)).isEqualTo(2048);
    assertThat(config.warnings())
        .containsExactly(
            "otel.bsp.max.queue.size=\"0\" is not valid (accepted: an integer greater than or equal to 1);"
                + " using the default: 2048");
  }

  @Test
  void nonIntegerWarns() {
    Config config = env("OTEL_BSP_MAX_QUEUE_SIZE", "2k");
    assertThat(config.getInt("otel.bsp.max.queue.size", 2048)).isEqualTo(2048);
    assertThat(config.warnings())
        .containsExactly(
            "OTEL_BSP_MAX_QUEUE_SIZE=\"2k\" is not valid (accepted: an integer); using the default: 2048");
  }

  @Test
  void integerOverflowWarns() {
    Config config = props("a", "99999999999");
    assertThat(config.getInt("a", 5)).isEqualTo(5);
    assertThat(config.warnings()).hasSize(1);
  }

  @Test
  void doubles() {
    assertThat(props("a", "0.25").getDouble("a", 1.0)).isEqualTo(0.25);
    assertThat(props("a", "1").getDouble("a", 0.5, 0.0, 1.0)).isEqualTo(1.0);
    assertThat(props("a", "0").getDouble("a", 0.5, 0.0, 1.0)).isEqualTo(0.0);
  }

  @Test
  void doubleOutOfRangeOrUnreadableWarnsWithTheDocumentedMessage() {
    Config config = props("otel.traces.sampler.arg", "abc");
    assertThat(config.getDouble("otel.traces.sampler.arg", 1.0, 0.0, 1.0)).isEqualTo(1.0);
    assertThat(config.warnings())
        .containsExactly(
            "otel.traces.sampler.arg=\"abc\" is not valid (accepted: a number from 0.0 to 1.0);"
                + " using the default: 1.0");

    for (String bad : new String[] {"1.5", "-0.1", "NaN", "Infinity"}) {
      Config c = props("otel.traces.sampler.arg", bad);
      assertThat(c.getDouble("otel.traces.sampler.arg", 1.0, 0.0, 1.0)).as(bad).isEqualTo(1.0);
      assertThat(c.warnings()).as(bad).hasSize(1);
    }
  }

  // ------------------------------------------------------------------ durations

  @Test
  void durationsInTheSdkSyntax() {
    assertThat(props("d", "500").getDuration("d", null)).isEqualTo(Duration.ofMillis(500));
    assertThat(props("d", "500ms").getDuration("d", null)).isEqualTo(Duration.ofMillis(500));
    assertThat(props("d", "10s").getDuration("d", null)).isEqualTo(Duration.ofSeconds(10));
    assertThat(props("d", "10 s").getDuration("d", null)).isEqualTo(Duration.ofSeconds(10));
    assertThat(props("d", "2m").getDuration("d", null)).isEqualTo(Duration.ofMinutes(2));
    assertThat(props("d", "3h").getDuration("d", null)).isEqualTo(Duration.ofHours(3));
    assertThat(props("d", "1d").getDuration("d", null)).isEqualTo(Duration.ofDays(1));
    assertThat(props("d", "5S").getDuration("d", null)).isEqualTo(Duration.ofSeconds(5));
    assertThat(props("d", "7us").getDuration("d", null)).isEqualTo(Duration.ofNanos(7000));
    assertThat(props("d", "7ns").getDuration("d", null)).isEqualTo(Duration.ofNanos(7));
    assertThat(props("d", "0").getDuration("d", null)).isEqualTo(Duration.ZERO);
  }

  @Test
  void negativeOrMalformedDurationsWarn() {
    for (String bad : new String[] {"-1", "-5s", "10 seconds", "1.5s", "s", "10x", "99999999999999999999"}) {
      Config config = props("otel.exporter.otlp.timeout", bad);
      assertThat(config.getDuration("otel.exporter.otlp.timeout", Duration.ofSeconds(10)))
          .as(bad)
          .isEqualTo(Duration.ofSeconds(10));
      assertThat(config.warnings()).as(bad).hasSize(1);
      assertThat(config.warnings().get(0))
          .startsWith("otel.exporter.otlp.timeout=\"" + bad + "\" is not valid (accepted: a non-negative duration")
          .endsWith("; using the default: 10s");
    }
  }

  @Test
  void formatDuration() {
    assertThat(Config.formatDuration(Duration.ofMillis(5000))).isEqualTo("5s");
    assertThat(Config.formatDuration(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Config.formatDuration(Duration.ofMinutes(1))).isEqualTo("1m");
    assertThat(Config.formatDuration(Duration.ofDays(2))).isEqualTo("2d");
    assertThat(Config.formatDuration(Duration.ZERO)).isEqualTo("0ms");
  }

  // ------------------------------------------------------------------ lists and maps

  @Test
  void listsAreTrimmedAndDropEmpties() {
    assertThat(props("l", " a, b ,,c , ").getList("l", null)).containsExactly("a", "b", "c");
    List<String> def = Arrays.asList("x");
    assertThat(props().getList("l", def)).isSameAs(def);
    assertThat(props("l", " , ,").getList("l", def)).isSameAs(def);
  }

  @Test
  void mapsArePercentDecodedAndTrimmed() {
    Config config =
        props(
            "otel.resource.attributes",
            " service.name = shop , deployment.environment=prod%2Ceu ,team=caf%C3%A9, note=a+b%20c");
    assertThat(config.getMap("otel.resource.attributes"))
        .containsExactly(
            entry("service.name", "shop"),
            entry("deployment.environment", "prod,eu"),
            entry("team", "caf\u00e9"),
            entry("note", "a+b c"));
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void mapValueMayContainEquals() {
    Config config = env("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Basic dXNlcjpwYXNz==");
    assertThat(config.getMap("otel.exporter.otlp.headers"))
        .containsExactly(entry("Authorization", "Basic dXNlcjpwYXNz=="));
  }

  @Test
  void invalidPercentEscapesAreKeptLiterally() {
    assertThat(Config.percentDecode("100%")).isEqualTo("100%");
    assertThat(Config.percentDecode("%zz%4")).isEqualTo("%zz%4");
    assertThat(Config.percentDecode("%41%42")).isEqualTo("AB");
  }

  @Test
  void malformedMapEntriesAreWarnedAndSkipped() {
    Config config = props("otel.resource.attributes", "a=1,broken,=nokey,b=,c=3");
    assertThat(config.getMap("otel.resource.attributes"))
        .containsExactly(entry("a", "1"), entry("c", "3"));
    assertThat(config.warnings())
        .containsExactly(
            "otel.resource.attributes has a malformed entry \"broken\" (accepted: key=value pairs"
                + " separated by commas, values percent-encoded); skipping that entry",
            "otel.resource.attributes has a malformed entry \"=nokey\" (accepted: key=value pairs"
                + " separated by commas, values percent-encoded); skipping that entry",
            "otel.resource.attributes has a malformed entry \"b=\" (accepted: key=value pairs"
                + " separated by commas, values percent-encoded); skipping that entry");
  }

  @Test
  void headerValuesAreNeverEchoedInWarnings() {
    Config config = env("OTEL_EXPORTER_OTLP_HEADERS", "Authorization Bearer s3cr3t");
    assertThat(config.getMap("otel.exporter.otlp.headers")).isEmpty();
    assertThat(config.warnings()).hasSize(1);
    assertThat(config.warnings().get(0))
        .startsWith("OTEL_EXPORTER_OTLP_HEADERS has a malformed entry <hidden")
        .doesNotContain("s3cr3t");
  }

  @Test
  void unsetMapIsEmpty() {
    assertThat(props().getMap("otel.resource.attributes")).isEmpty();
  }

  // ------------------------------------------------------------------ choices

  @Test
  void choicesAreCaseInsensitiveAndCanonical() {
    Config config = props("otel.traces.sampler", "ParentBased_TraceIdRatio");
    assertThat(config.getChoice("otel.traces.sampler", "parentbased_always_on",
            "always_on", "parentbased_traceidratio"))
        .isEqualTo("parentbased_traceidratio");
  }

  @Test
  void unknownChoiceWarns() {
    Config config = props("otel.traces.sampler", "sometimes");
    assertThat(config.getChoice("otel.traces.sampler", "parentbased_always_on", "always_on", "always_off"))
        .isEqualTo("parentbased_always_on");
    assertThat(config.warnings())
        .containsExactly(
            "otel.traces.sampler=\"sometimes\" is not valid (accepted: one of always_on, always_off);"
                + " using the default: parentbased_always_on");
  }

  // ------------------------------------------------------------------ warnings

  @Test
  void theSameProblemIsReportedOnce() {
    Config config = props("otel.bsp.max.queue.size", "lots");
    config.getInt("otel.bsp.max.queue.size", 2048, 1);
    config.getInt("otel.bsp.max.queue.size", 2048, 1);
    assertThat(config.warnings()).hasSize(1);
  }

  @Test
  void warningWithAReason() {
    Config config = env("OTEL_EXPORTER_OTLP_CERTIFICATE", "/etc/ca.pem");
    config.warnInvalid("otel.exporter.otlp.certificate", "/etc/ca.pem", "no such file",
        "the path of a readable PEM file", "the JVM's trusted certificates");
    assertThat(config.warnings()).containsExactly("OTEL_EXPORTER_OTLP_CERTIFICATE=\"/etc/ca.pem\" is not valid:"
        + " no such file (accepted: the path of a readable PEM file); using the default: the JVM's trusted"
        + " certificates");
  }

  @Test
  void sensitiveValuesAreHiddenInInvalidValueWarnings() {
    Config config = props("otel.exporter.otlp.headers", "x");
    config.warnInvalid("otel.exporter.otlp.headers", "secret-token", "k=v pairs", null);
    assertThat(config.warnings()).containsExactly(
        "otel.exporter.otlp.headers=<hidden> is not valid (accepted: k=v pairs); using the default: none");
  }

  @Test
  void controlCharactersInValuesAreEscaped() {
    Config config = props("a", "x\"y\u0007z");
    config.getInt("a", 1);
    assertThat(config.warnings().get(0)).startsWith("a=\"x\\\"y\\u0007z\" is not valid");
  }

  // ------------------------------------------------------------------ instrumentation switches

  @Test
  void instrumentationEnabledByDefaultWhenTheModuleIs() {
    Config config = props();
    assertThat(config.isInstrumentationEnabled("servlet", true)).isTrue();
    assertThat(config.isInstrumentationEnabled("executors", false)).isFalse();
  }

  @Test
  void explicitSwitchWins() {
    Config config =
        props(
            "otel.instrumentation.servlet.enabled", "false",
            "otel.instrumentation.executors.enabled", "true",
            "otel.instrumentation.common.default-enabled", "false");
    assertThat(config.isInstrumentationEnabled("servlet", true)).isFalse();
    assertThat(config.isInstrumentationEnabled("executors", false)).isTrue();
    assertThat(config.isInstrumentationEnabled("jdbc", true)).isFalse();
  }

  @Test
  void commonDefaultFromEnvironment() {
    Config config =
        env("OTEL_INSTRUMENTATION_COMMON_DEFAULT_ENABLED", "false", "OTEL_INSTRUMENTATION_JDBC_ENABLED", "true");
    assertThat(config.isInstrumentationEnabled("jdbc", true)).isTrue();
    assertThat(config.isInstrumentationEnabled("servlet", true)).isFalse();
  }

  @Test
  void instrumentationNameWithDashMapsToEnv() {
    Config config = env("OTEL_INSTRUMENTATION_HTTP_CLIENT_ENABLED", "false");
    assertThat(config.isInstrumentationEnabled("http-client", true)).isFalse();
  }

  @Test
  void invalidSwitchWarnsAndFallsBack() {
    Config config = props("otel.instrumentation.servlet.enabled", "off");
    assertThat(config.isInstrumentationEnabled("servlet", true)).isTrue();
    assertThat(config.warnings())
        .containsExactly(
            "otel.instrumentation.servlet.enabled=\"off\" is not valid (accepted: true or false);"
                + " using the default: true");
  }
}
