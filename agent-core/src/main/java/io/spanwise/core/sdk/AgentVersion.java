package io.spanwise.core.sdk;

import java.net.URL;
import java.security.CodeSource;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** The agent's version: the Implementation-Version of its jar, or {@code "dev"} in a build tree. */
public final class AgentVersion {
  private static volatile String version;

  private AgentVersion() {}

  public static String get() {
    String v = version;
    if (v == null) {
      v = detect();
      version = v;
    }
    return v;
  }

  private static String detect() {
    try {
      Package pkg = AgentVersion.class.getPackage();
      String v = pkg == null ? null : pkg.getImplementationVersion();
      if (v != null && !v.isEmpty()) {
        return v;
      }
      // The agent's class loader defines packages without manifest data: read the manifest of the
      // jar the class came from (the agent jar carries Implementation-Version).
      CodeSource source = AgentVersion.class.getProtectionDomain().getCodeSource();
      URL location = source == null ? null : source.getLocation();
      if (location != null && "file".equals(location.getProtocol())
          && location.getPath().endsWith(".jar")) {
        try (JarFile jar = new JarFile(new java.io.File(location.toURI()), false)) {
          Manifest manifest = jar.getManifest();
          if (manifest != null) {
            String fromJar = manifest.getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION);
            if (fromJar != null && !fromJar.isEmpty()) {
              return fromJar;
            }
          }
        }
      }
    } catch (Exception | LinkageError e) {
      // fall through: a version is nice to have, never worth failing for
    }
    return "dev";
  }
}
