package io.spanwise.core.sdk;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The application's executable jar ({@code java -jar app.jar}: then the class path is that one jar) and
 * what any jar says about the service: the manifest's {@code Implementation-Version} and the file name.
 * Read as files, before the application runs; nothing is loaded from them.
 */
final class MainJar {
  /** {@code shop-1.4.2.jar}, {@code shop-2.0.0-SNAPSHOT.jar}: the name before the version. */
  private static final Pattern VERSIONED = Pattern.compile("(.+?)-\\d[^/]*");

  private MainJar() {}

  /** The jar of {@code java -jar}, or null when the application was started otherwise. */
  static Path path() {
    try {
      String classPath = System.getProperty("java.class.path");
      if (classPath == null || classPath.isEmpty() || classPath.contains(File.pathSeparator)
          || !classPath.endsWith(".jar")) {
        return null;
      }
      Path jar = Paths.get(classPath).toAbsolutePath();
      return Files.isRegularFile(jar) ? jar : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** {@code service.name} from the file name and {@code service.version} from the manifest, as found. */
  static Map<String, String> describe(Path jar) {
    Map<String, String> attributes = new LinkedHashMap<>();
    String name = serviceName(jar.getFileName().toString());
    if (name != null) {
      attributes.put("service.name", name);
    }
    try (JarFile file = new JarFile(jar.toFile(), false)) {
      Manifest manifest = file.getManifest();
      String version = manifest == null ? null : manifest.getMainAttributes().getValue("Implementation-Version");
      if (version != null && !version.trim().isEmpty()) {
        attributes.put("service.version", version.trim());
      }
    } catch (IOException | RuntimeException e) {
      // no manifest to read: the name alone
    }
    return attributes;
  }

  /** The file name without its extension and version: {@code shop-1.4.2.jar} is {@code shop}. */
  static String serviceName(String fileName) {
    String name = fileName.endsWith(".jar") ? fileName.substring(0, fileName.length() - 4) : fileName;
    Matcher versioned = VERSIONED.matcher(name);
    if (versioned.matches()) {
      name = versioned.group(1);
    }
    return name.isEmpty() ? null : name;
  }
}
