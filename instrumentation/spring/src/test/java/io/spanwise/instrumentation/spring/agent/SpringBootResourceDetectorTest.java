package io.spanwise.instrumentation.spring.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpringBootResourceDetectorTest {
  @Test
  void bootJarGivesVersionFromBuildInfoAndNameFromApplicationProperties(@TempDir Path dir) throws Exception {
    Path jar = jar(dir.resolve("app.jar"), Map.of(
        "META-INF/build-info.properties", "build.artifact=petclinic\nbuild.version=3.4.0\n",
        "BOOT-INF/classes/application.properties", "server.port=0\nspring.application.name=petclinic\n"));

    assertThat(new SpringBootResourceDetector().detect(jar))
        .containsEntry("service.version", "3.4.0")
        .containsEntry("service.name", "petclinic");
  }

  @Test
  void applicationNameFromYaml(@TempDir Path dir) throws Exception {
    Path jar = jar(dir.resolve("app.jar"), Map.of("BOOT-INF/classes/application.yml",
        "server:\n  port: 0\nspring:\n  datasource:\n    url: jdbc:h2:mem:x\n  application:\n    name: \"owners\" # the service\n"));

    assertThat(new SpringBootResourceDetector().detect(jar)).containsOnly(Map.entry("service.name", "owners"));
  }

  @Test
  void nothingWithoutBootFilesOrWithPlaceholders(@TempDir Path dir) throws Exception {
    Path plain = jar(dir.resolve("plain.jar"), Map.of("readme.txt", "hello"));
    Path placeholder = jar(dir.resolve("p.jar"), Map.of("application.properties", "spring.application.name=${APP}\n"));

    assertThat(new SpringBootResourceDetector().detect(plain)).isEmpty();
    assertThat(new SpringBootResourceDetector().detect(placeholder)).isEmpty();
    assertThat(new SpringBootResourceDetector().detect(dir.resolve("missing.jar"))).isEmpty();
  }

  @Test
  void dottedYamlKeyAndOnlyTheFirstDocument() {
    assertThat(SpringBootResourceDetector.yamlApplicationName(List.of("spring.application.name: api")))
        .isEqualTo("api");
    assertThat(SpringBootResourceDetector.yamlApplicationName(List.of("server:", "  port: 1", "---",
        "spring:", "  application:", "    name: other"))).isNull();
  }

  private static Path jar(Path path, Map<String, String> entries) throws Exception {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(path))) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        out.putNextEntry(new JarEntry(e.getKey()));
        out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return path;
  }
}
