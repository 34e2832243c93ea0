package io.spanwise.core.sdk;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.spanwise.core.config.Config;
import io.spanwise.instrumentation.spi.ResourceDetector;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The resource every span carries. Precedence, lowest first: the SDK's default resource
 * ({@code telemetry.sdk.*}), what Spanwise detects (distro, host, OS, process, runtime, a
 * per-JVM {@code service.instance.id}), for an application started with {@code java -jar} the jar's
 * manifest {@code Implementation-Version} ({@code service.version}) and file name without version and
 * extension ({@code service.name}), then what the modules' {@link ResourceDetector}s read in that jar
 * (a framework's build information and application name), {@code otel.resource.attributes}, and last
 * {@code otel.service.name}. The command line is deliberately not recorded: it may hold secrets.
 */
final class AgentResource {
  static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  static final AttributeKey<String> SERVICE_INSTANCE_ID = AttributeKey.stringKey("service.instance.id");
  static final AttributeKey<String> DISTRO_NAME = AttributeKey.stringKey("telemetry.distro.name");
  static final AttributeKey<String> DISTRO_VERSION = AttributeKey.stringKey("telemetry.distro.version");
  static final AttributeKey<String> HOST_NAME = AttributeKey.stringKey("host.name");
  static final AttributeKey<String> HOST_ARCH = AttributeKey.stringKey("host.arch");
  static final AttributeKey<String> OS_TYPE = AttributeKey.stringKey("os.type");
  static final AttributeKey<String> OS_DESCRIPTION = AttributeKey.stringKey("os.description");
  static final AttributeKey<Long> PROCESS_PID = AttributeKey.longKey("process.pid");
  static final AttributeKey<String> RUNTIME_NAME = AttributeKey.stringKey("process.runtime.name");
  static final AttributeKey<String> RUNTIME_VERSION = AttributeKey.stringKey("process.runtime.version");
  static final AttributeKey<String> RUNTIME_DESCRIPTION =
      AttributeKey.stringKey("process.runtime.description");

  static final String DEFAULT_SERVICE_NAME = "unknown_service:java";

  /** One id per JVM, however many times the SDK is built. */
  private static final String INSTANCE_ID = newInstanceId();

  private static volatile Attributes detected;

  private AgentResource() {}

  static Resource create(Config config) {
    return create(config, MainJar.path());
  }

  /** With {@code mainJar} the application's executable jar, or null when it was not started from one. */
  static Resource create(Config config, Path mainJar) {
    AttributesBuilder attributes = Attributes.builder();
    attributes.putAll(Resource.getDefault().getAttributes());
    attributes.putAll(detected());
    if (mainJar != null) {
      MainJar.describe(mainJar).forEach(attributes::put);
      for (ResourceDetector detector : detectors()) {
        try {
          detector.detect(mainJar).forEach((key, value) -> {
            if (isValidKey(key) && value != null && !value.isEmpty()) {
              attributes.put(key, value);
            }
          });
        } catch (RuntimeException | LinkageError e) {
          config.warn("resource detector " + detector.getClass().getName() + " failed on " + mainJar + ": " + e);
        }
      }
    }

    for (Map.Entry<String, String> e : config.getMap("otel.resource.attributes").entrySet()) {
      if (!isValidKey(e.getKey())) {
        config.warn(config.sourceName("otel.resource.attributes") + " has an invalid key \""
            + e.getKey() + "\" (accepted: 1 to 255 printable ASCII characters); skipping that entry");
        continue;
      }
      attributes.put(e.getKey(), e.getValue());
    }
    String serviceName = config.getString("otel.service.name", null);
    if (serviceName != null) {
      attributes.put(SERVICE_NAME, serviceName);
    }

    List<String> disabled = config.getList("otel.resource.disabled.keys", Collections.emptyList());
    if (!disabled.isEmpty()) {
      Set<String> drop = new HashSet<>(disabled);
      attributes.removeIf(key -> drop.contains(key.getKey()));
    }
    Attributes built = attributes.build();
    if (built.get(SERVICE_NAME) == null) {
      built = built.toBuilder().put(SERVICE_NAME, DEFAULT_SERVICE_NAME).build();
    }
    return Resource.create(built);
  }

  private static Iterable<ResourceDetector> detectors() {
    List<ResourceDetector> found = new java.util.ArrayList<>();
    try {
      for (ResourceDetector d : ServiceLoader.load(ResourceDetector.class, AgentResource.class.getClassLoader())) {
        found.add(d);
      }
    } catch (ServiceConfigurationError | LinkageError e) {
      // a broken detector costs its attributes, never the agent
    }
    return found;
  }

  /** What Resource.create accepts as a key. */
  private static boolean isValidKey(String key) {
    if (key.isEmpty() || key.length() > 255) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 32 || c > 126) {
        return false;
      }
    }
    return true;
  }

  static Attributes detected() {
    Attributes d = detected;
    if (d == null) {
      d = detect();
      detected = d;
    }
    return d;
  }

  private static Attributes detect() {
    AttributesBuilder b = Attributes.builder();
    b.put(SERVICE_INSTANCE_ID, INSTANCE_ID);
    b.put(DISTRO_NAME, "spanwise");
    b.put(DISTRO_VERSION, AgentVersion.get());
    putIfPresent(b, HOST_NAME, hostName());
    putIfPresent(b, HOST_ARCH, System.getProperty("os.arch"));
    String osName = System.getProperty("os.name");
    putIfPresent(b, OS_TYPE, osType(osName));
    if (osName != null) {
      String osVersion = System.getProperty("os.version");
      b.put(OS_DESCRIPTION, osVersion == null ? osName : osName + " " + osVersion);
    }
    long pid = pid();
    if (pid > 0) {
      b.put(PROCESS_PID, pid);
    }
    putIfPresent(b, RUNTIME_NAME, System.getProperty("java.runtime.name"));
    putIfPresent(b, RUNTIME_VERSION, System.getProperty("java.runtime.version"));
    String vendor = System.getProperty("java.vm.vendor");
    String vmName = System.getProperty("java.vm.name");
    String vmVersion = System.getProperty("java.vm.version");
    if (vendor != null && vmName != null && vmVersion != null) {
      b.put(RUNTIME_DESCRIPTION, vendor + " " + vmName + " " + vmVersion);
    }
    return b.build();
  }

  /**
   * This process's id, or 0 if it cannot be told. Read from {@code /proc/self} where there is one:
   * {@code ProcessHandle}'s class initializer makes the JDK's thread pool that reaps child processes,
   * which loaded {@code ThreadPoolExecutor} during {@code premain}, before the agent weaves the JDK's
   * pools; it then had to be retransformed (every thread stopped for it) instead of woven as it loads.
   */
  static long pid() {
    try {
      return Long.parseLong(Files.readSymbolicLink(Paths.get("/proc/self")).toString());
    } catch (IOException | RuntimeException noProcFileSystem) {
      try {
        return ProcessHandle.current().pid();
      } catch (RuntimeException | LinkageError e) {
        return 0;
      }
    }
  }

  /**
   * A random (version 4) UUID, its bits drawn from a generator seeded with the monotonic clock's
   * nanoseconds, the wall clock, the process id and an object's identity hash. Not
   * {@code UUID.randomUUID()}: its {@code SecureRandom} sets up the JDK's security providers on first
   * use, 35 to 45 ms of {@code premain} on a 2-core machine, and an instance id has to tell instances
   * apart, not be unguessable.
   */
  static String newInstanceId() {
    long pid = pid();
    long seed = System.nanoTime() * 0x9E3779B97F4A7C15L ^ System.currentTimeMillis() ^ Long.rotateLeft(pid, 32)
        ^ ((long) System.identityHashCode(new Object()) << 16);
    SplittableRandom random = new SplittableRandom(seed);
    long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long low = (random.nextLong() & ~0xC000000000000000L) | 0x8000000000000000L; // the IETF variant
    return new UUID(high, low).toString();
  }

  private static void putIfPresent(AttributesBuilder b, AttributeKey<String> key, String value) {
    if (value != null && !value.isEmpty()) {
      b.put(key, value);
    }
  }

  /**
   * The host name without a DNS round trip where possible: the kernel's name on Linux, the usual
   * environment variables, and only then {@link InetAddress#getLocalHost()}.
   */
  static String hostName() {
    try {
      Path kernel = Paths.get("/proc/sys/kernel/hostname");
      if (Files.isReadable(kernel)) {
        String name = new String(Files.readAllBytes(kernel), StandardCharsets.UTF_8).trim();
        if (!name.isEmpty()) {
          return name;
        }
      }
    } catch (IOException | RuntimeException e) {
      // try the next source
    }
    for (String env : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
      try {
        String name = System.getenv(env);
        if (name != null && !name.trim().isEmpty()) {
          return name.trim();
        }
      } catch (SecurityException e) {
        // try the next source
      }
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** {@code os.type} as the semantic conventions spell it. */
  static String osType(String osName) {
    if (osName == null) {
      return null;
    }
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.startsWith("windows")) {
      return "windows";
    } else if (os.startsWith("linux")) {
      return "linux";
    } else if (os.startsWith("mac")) {
      return "darwin";
    } else if (os.startsWith("freebsd")) {
      return "freebsd";
    } else if (os.startsWith("netbsd")) {
      return "netbsd";
    } else if (os.startsWith("openbsd")) {
      return "openbsd";
    } else if (os.startsWith("dragonflybsd")) {
      return "dragonflybsd";
    } else if (os.startsWith("hp-ux")) {
      return "hpux";
    } else if (os.startsWith("aix")) {
      return "aix";
    } else if (os.startsWith("solaris") || os.startsWith("sunos")) {
      return "solaris";
    } else if (os.startsWith("z/os")) {
      return "z_os";
    }
    return null;
  }
}
