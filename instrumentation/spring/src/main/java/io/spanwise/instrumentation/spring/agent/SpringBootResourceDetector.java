package io.spanwise.instrumentation.spring.agent;

import io.spanwise.instrumentation.spi.ResourceDetector;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * What a Spring Boot executable jar says about its service: {@code service.version} from
 * {@code META-INF/build-info.properties} ({@code build.version}, written by Boot's Maven and Gradle
 * plugins), {@code service.name} from {@code spring.application.name} in the packaged
 * {@code application.properties}, {@code .yml} or {@code .yaml} ({@code BOOT-INF/classes/} or the jar's
 * root). Files only: no Spring class is loaded, and an external configuration is not read.
 */
public final class SpringBootResourceDetector implements ResourceDetector {
  private static final String[] ROOTS = {"BOOT-INF/classes/", ""};

  @Override
  public Map<String, String> detect(Path mainJar) {
    Map<String, String> attributes = new LinkedHashMap<>();
    try (JarFile jar = new JarFile(mainJar.toFile(), false)) {
      Properties buildInfo = properties(jar, "META-INF/build-info.properties");
      String version = buildInfo == null ? null : buildInfo.getProperty("build.version");
      if (version != null && !version.trim().isEmpty()) {
        attributes.put("service.version", version.trim());
      }
      String name = applicationName(jar);
      if (name != null) {
        attributes.put("service.name", name);
      }
    } catch (IOException | RuntimeException e) {
      // not a jar we can read: nothing to add
    }
    return attributes;
  }

  private static String applicationName(JarFile jar) throws IOException {
    for (String root : ROOTS) {
      Properties properties = properties(jar, root + "application.properties");
      String name = properties == null ? null : properties.getProperty("spring.application.name");
      if (name != null && !name.trim().isEmpty() && !name.contains("${")) {
        return name.trim();
      }
      for (String yaml : new String[] {"application.yml", "application.yaml"}) {
        List<String> lines = lines(jar, root + yaml);
        name = lines == null ? null : yamlApplicationName(lines);
        if (name != null) {
          return name;
        }
      }
    }
    return null;
  }

  /**
   * {@code spring.application.name} in the first YAML document, nested ({@code spring:} /
   * {@code application:} / {@code name:}) or dotted; placeholders are ignored.
   */
  static String yamlApplicationName(List<String> lines) {
    List<String> path = new ArrayList<>();
    List<Integer> indents = new ArrayList<>();
    for (String raw : lines) {
      String line = stripComment(raw);
      if (line.trim().isEmpty()) {
        continue;
      }
      if (line.startsWith("---")) {
        break;
      }
      int indent = line.length() - line.replaceAll("^\\s+", "").length();
      String content = line.trim();
      int colon = content.indexOf(':');
      if (colon <= 0 || content.startsWith("-")) {
        continue;
      }
      while (!indents.isEmpty() && indents.get(indents.size() - 1) >= indent) {
        indents.remove(indents.size() - 1);
        path.remove(path.size() - 1);
      }
      String key = content.substring(0, colon).trim();
      String value = content.substring(colon + 1).trim();
      if (value.isEmpty()) {
        path.add(key);
        indents.add(indent);
        continue;
      }
      String full = path.isEmpty() ? key : String.join(".", path) + "." + key;
      if (full.equals("spring.application.name")) {
        value = unquote(value);
        return value.isEmpty() || value.contains("${") ? null : value;
      }
    }
    return null;
  }

  private static String stripComment(String line) {
    int hash = line.indexOf(" #");
    String stripped = line.startsWith("#") ? "" : hash >= 0 ? line.substring(0, hash) : line;
    return stripped.replaceAll("\\s+$", "");
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
        || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1).trim();
    }
    return value;
  }

  private static Properties properties(JarFile jar, String name) throws IOException {
    ZipEntry entry = jar.getEntry(name);
    if (entry == null) {
      return null;
    }
    Properties properties = new Properties();
    try (InputStream in = jar.getInputStream(entry)) {
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return properties;
  }

  private static List<String> lines(JarFile jar, String name) throws IOException {
    ZipEntry entry = jar.getEntry(name);
    if (entry == null) {
      return null;
    }
    List<String> lines = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(jar.getInputStream(entry), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null && lines.size() < 10_000; line = in.readLine()) {
        lines.add(line);
      }
    }
    return lines;
  }
}
