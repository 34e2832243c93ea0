package io.spanwise.core.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import io.spanwise.core.config.Config;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.io.TempDir;

class AgentResourceTest {

  private static Config config(String... keyValues) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put(keyValues[i], keyValues[i + 1]);
    }
    return Config.of(map, Collections.emptyMap());
  }

  /** As if the test JVM had not been started from a jar (surefire's booter jar is not the application). */
  private static Resource create(Config config) {
    return AgentResource.create(config, null);
  }

  private static String get(Resource r, String key) {
    return r.getAttribute(AttributeKey.stringKey(key));
  }

  /** Each new id differs: a thousand made in a tight loop (same millisecond, same process) are all distinct. */
  @Test
  void instanceIdsDiffer() {
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < 1000; i++) {
      ids.add(AgentResource.newInstanceId());
    }
    assertThat(ids).hasSize(1000);
  }

  @Test
  void defaults() {
    Resource r = create(config());
    assertThat(get(r, "service.name")).isEqualTo("unknown_service:java");
    assertThat(get(r, "telemetry.sdk.name")).isEqualTo("opentelemetry");
    assertThat(get(r, "telemetry.sdk.language")).isEqualTo("java");
    assertThat(get(r, "telemetry.sdk.version")).isEqualTo("1.55.0");
    assertThat(get(r, "telemetry.distro.name")).isEqualTo("spanwise");
    assertThat(get(r, "telemetry.distro.version")).isEqualTo(AgentVersion.get());
    assertThat(get(r, "service.instance.id"))
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    java.util.UUID id = java.util.UUID.fromString(get(r, "service.instance.id"));
    assertThat(id.version()).as("a random UUID").isEqualTo(4);
    assertThat(id.variant()).as("the IETF variant").isEqualTo(2);
    assertThat(get(r, "host.name")).isNotBlank();
    assertThat(get(r, "host.arch")).isEqualTo(System.getProperty("os.arch"));
    assertThat(get(r, "os.type")).isEqualTo(AgentResource.osType(System.getProperty("os.name")));
    assertThat(get(r, "os.description"))
        .isEqualTo(System.getProperty("os.name") + " " + System.getProperty("os.version"));
    assertThat(r.getAttribute(AttributeKey.longKey("process.pid"))).isEqualTo(ProcessHandle.current().pid());
    assertThat(get(r, "process.runtime.name")).isEqualTo(System.getProperty("java.runtime.name"));
    assertThat(get(r, "process.runtime.version")).isEqualTo(System.getProperty("java.runtime.version"));
    assertThat(get(r, "process.runtime.description")).contains(System.getProperty("java.vm.name"));
  }

  @Test
  void theCommandLineIsNeverRecorded() {
    Resource r = create(config());
    r.getAttributes().forEach((k, v) ->
        assertThat(k.getKey()).doesNotStartWith("process.command").doesNotStartWith("process.executable"));
  }

  @Test
  void instanceIdIsStablePerJvm() {
    assertThat(get(create(config()), "service.instance.id"))
        .isEqualTo(get(create(config("otel.service.name", "x")), "service.instance.id"));
  }

  @Test
  void serviceNameFromResourceAttributes() {
    Resource r = create(config("otel.resource.attributes", "service.name=shop,team=payments"));
    assertThat(get(r, "service.name")).isEqualTo("shop");
    assertThat(get(r, "team")).isEqualTo("payments");
  }

  @Test
  void serviceNameSettingWinsOverEverything() {
    Resource r = create(config(
        "otel.resource.attributes", "service.name=from-attributes",
        "otel.service.name", "from-setting"));
    assertThat(get(r, "service.name")).isEqualTo("from-setting");
  }

  @Test
  void serviceNameFromEnvironment() {
    Resource r = create(Config.of(Collections.emptyMap(),
        Map.of("OTEL_SERVICE_NAME", "env-service", "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=prod")));
    assertThat(get(r, "service.name")).isEqualTo("env-service");
    assertThat(get(r, "deployment.environment.name")).isEqualTo("prod");
  }

  @Test
  void resourceAttributesWinOverDetectedOnes() {
    Resource r = create(config("otel.resource.attributes",
        "host.name=pod-7,service.instance.id=fixed-id,telemetry.distro.name=custom,os.type=plan9"));
    assertThat(get(r, "host.name")).isEqualTo("pod-7");
    assertThat(get(r, "service.instance.id")).isEqualTo("fixed-id");
    assertThat(get(r, "telemetry.distro.name")).isEqualTo("custom");
    assertThat(get(r, "os.type")).isEqualTo("plan9");
  }

  @Test
  void valuesArePercentDecoded() {
    Resource r = create(config("otel.resource.attributes", "owner=team%20a%2Cb"));
    assertThat(get(r, "owner")).isEqualTo("team a,b");
  }

  @Test
  void invalidKeysAreWarnedAboutAndSkipped() {
    Config config = config("otel.resource.attributes", "\u00e9t\u00e9=summer,ok=1");
    Resource r = create(config);
    assertThat(get(r, "ok")).isEqualTo("1");
    assertThat(r.getAttributes().asMap().keySet()).noneMatch(k -> k.getKey().contains("\u00e9"));
    assertThat(config.warnings()).containsExactly("otel.resource.attributes has an invalid key \"\u00e9t\u00e9\""
        + " (accepted: 1 to 255 printable ASCII characters); skipping that entry");
  }

  @Test
  void disabledKeysAreRemoved() {
    Resource r = create(config("otel.resource.disabled.keys", "host.name, process.pid"));
    assertThat(get(r, "host.name")).isNull();
    assertThat(r.getAttribute(AttributeKey.longKey("process.pid"))).isNull();
    assertThat(get(r, "os.type")).isNotNull();
  }

  @Test
  void osTypes() {
    assertThat(AgentResource.osType("Linux")).isEqualTo("linux");
    assertThat(AgentResource.osType("Windows Server 2022")).isEqualTo("windows");
    assertThat(AgentResource.osType("Mac OS X")).isEqualTo("darwin");
    assertThat(AgentResource.osType("FreeBSD")).isEqualTo("freebsd");
    assertThat(AgentResource.osType("SunOS")).isEqualTo("solaris");
    assertThat(AgentResource.osType("AIX")).isEqualTo("aix");
    assertThat(AgentResource.osType("HP-UX")).isEqualTo("hpux");
    assertThat(AgentResource.osType("z/OS")).isEqualTo("z_os");
    assertThat(AgentResource.osType("Plan 9")).isNull();
    assertThat(AgentResource.osType(null)).isNull();
  }

  @Test
  void executableJarGivesTheServiceNameAndVersionUnlessConfigured(@TempDir Path dir) throws Exception {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, "3.1.4");
    Path jar = dir.resolve("order-service-3.1.4-SNAPSHOT.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      out.putNextEntry(new JarEntry("placeholder.txt"));
      out.closeEntry();
    }

    Resource detected = AgentResource.create(config(), jar);
    assertThat(get(detected, "service.name")).isEqualTo("order-service");
    assertThat(get(detected, "service.version")).isEqualTo("3.1.4");

    Resource configured = AgentResource.create(config(
        "otel.service.name", "orders", "otel.resource.attributes", "service.version=9"), jar);
    assertThat(get(configured, "service.name")).isEqualTo("orders");
    assertThat(get(configured, "service.version")).isEqualTo("9");
  }

  @Test
  void jarFileNameLosesItsVersionAndExtension() {
    assertThat(MainJar.serviceName("shop.jar")).isEqualTo("shop");
    assertThat(MainJar.serviceName("spring-shop-1.0.0.jar")).isEqualTo("spring-shop");
    assertThat(MainJar.serviceName("app-2.0.0-SNAPSHOT.jar")).isEqualTo("app");
    assertThat(MainJar.serviceName("web3-api.jar")).isEqualTo("web3-api");
  }
}
