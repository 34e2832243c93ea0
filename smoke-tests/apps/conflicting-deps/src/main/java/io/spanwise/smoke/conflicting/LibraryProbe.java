package io.spanwise.smoke.conflicting;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.jar.Manifest;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Uses each bundled library once and records what it reports about itself. */
final class LibraryProbe {
  private LibraryProbe() {}

  record Result(String name, String version, String versionSource, String className, String location,
      String loader, String check) {}

  /** Subclassed at run time with Byte Buddy. */
  public static class Greeter {
    public String greet() {
      return "hello from the original class";
    }
  }

  static List<Result> runAll(int port) {
    List<Result> results = new ArrayList<>();
    // The SDK first: it registers the app's own SDK as the global, which the API check then reads.
    results.add(openTelemetrySdk());
    results.add(openTelemetryApi());
    results.add(byteBuddy());
    results.add(okHttp(port));
    results.add(protobuf());
    return results;
  }

  private static Result openTelemetryApi() {
    return result("opentelemetry-api", GlobalOpenTelemetry.class,
        manifestValue("opentelemetry-api", "Implementation-Version"),
        "Implementation-Version of the bundled opentelemetry-api jar's manifest",
        () -> "ok: GlobalOpenTelemetry.get() is " + GlobalOpenTelemetry.get());
  }

  private static Result openTelemetrySdk() {
    String version = Resource.getDefault().getAttribute(AttributeKey.stringKey("telemetry.sdk.version"));
    return result("opentelemetry-sdk", OpenTelemetrySdk.class, version,
        "telemetry.sdk.version of the SDK's default Resource", () -> {
          List<SpanData> exported = new CopyOnWriteArrayList<>();
          SpanExporter exporter = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
              exported.addAll(spans);
              return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
              return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
              return CompletableResultCode.ofSuccess();
            }
          };
          SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
              .addSpanProcessor(SimpleSpanProcessor.create(exporter))
              .build();
          // Registering globally fails if anything else (an agent, say) already set the app's global.
          OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider)
              .buildAndRegisterGlobal();
          Span span = GlobalOpenTelemetry.getTracer("conflicting-deps").spanBuilder("own-sdk-span").startSpan();
          span.end();
          sdk.getSdkTracerProvider().forceFlush().join(5, TimeUnit.SECONDS);
          if (exported.size() != 1 || !exported.get(0).getName().equals("own-sdk-span")) {
            throw new IllegalStateException("own SDK exported " + exported);
          }
          return "ok: own SdkTracerProvider exported 1 span 'own-sdk-span' (sdk "
              + exported.get(0).getResource().getAttribute(AttributeKey.stringKey("telemetry.sdk.version")) + ")";
        });
  }

  private static Result byteBuddy() {
    Properties pom = pomProperties(ByteBuddy.class, "net.bytebuddy", "byte-buddy");
    return result("byte-buddy", ByteBuddy.class, pom.getProperty("version"),
        "META-INF/maven/net.bytebuddy/byte-buddy/pom.properties", () -> {
          Class<? extends Greeter> type = new ByteBuddy(ClassFileVersion.JAVA_V11)
              .subclass(Greeter.class)
              .method(ElementMatchers.named("greet"))
              .intercept(FixedValue.value("hello from a Byte Buddy subclass"))
              .make()
              .load(LibraryProbe.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER)
              .getLoaded();
          String greeting = type.getDeclaredConstructor().newInstance().greet();
          if (!greeting.equals("hello from a Byte Buddy subclass")) {
            throw new IllegalStateException("subclass answered " + greeting);
          }
          return "ok: " + greeting;
        });
  }

  private static Result okHttp(int port) {
    String version;
    try {
      // Reflection on purpose: a compile-time constant would be inlined from the compile class path.
      version = String.valueOf(Class.forName("okhttp3.OkHttp").getField("VERSION").get(null));
    } catch (ReflectiveOperationException e) {
      version = "unknown (" + e + ")";
    }
    return result("okhttp", OkHttpClient.class, version, "okhttp3.OkHttp.VERSION", () -> {
      OkHttpClient client = new OkHttpClient();
      Request request = new Request.Builder().url("http://127.0.0.1:" + port + "/hello").build();
      try (Response response = client.newCall(request).execute()) {
        String body = response.body() == null ? "" : response.body().string().trim();
        if (response.code() != 200) {
          throw new IllegalStateException("GET /hello answered " + response.code());
        }
        return "ok: GET /hello -> " + response.code() + " " + body;
      } finally {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
      }
    });
  }

  private static Result protobuf() {
    return result("protobuf-java", Struct.class, manifestValue("protobuf-java", "Bundle-Version"),
        "Bundle-Version of the bundled protobuf-java jar's manifest", () -> {
          Struct struct = Struct.newBuilder()
              .putFields("app", Value.newBuilder().setStringValue("conflicting-deps").build())
              .putFields("answer", Value.newBuilder().setNumberValue(42).build())
              .build();
          Struct parsed = Struct.parseFrom(struct.toByteArray());
          if (!parsed.equals(struct)) {
            throw new IllegalStateException("round trip changed the message: " + parsed);
          }
          boolean has4xRuntime;
          try {
            Class.forName("com.google.protobuf.RuntimeVersion");
            has4xRuntime = true;
          } catch (ClassNotFoundException e) {
            has4xRuntime = false;
          }
          return "ok: Struct round trip of " + struct.getSerializedSize() + " bytes"
              + (has4xRuntime ? " (RuntimeVersion present: a 4.x runtime!)" : " (3.x runtime: no RuntimeVersion)");
        });
  }

  interface Check {
    String run() throws Exception;
  }

  private static Result result(String name, Class<?> type, String version, String versionSource, Check check) {
    String outcome;
    try {
      outcome = check.run();
    } catch (Throwable t) {
      outcome = "FAILED: " + t;
    }
    return new Result(name, version, versionSource, type.getName(), location(type), loader(type), outcome);
  }

  static String location(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    return source == null || source.getLocation() == null ? "unknown" : source.getLocation().toString();
  }

  static String loader(Class<?> type) {
    ClassLoader loader = type.getClassLoader();
    return loader == null ? "bootstrap" : loader.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(loader));
  }

  private static String manifestValue(String library, String attribute) {
    URL url = LibraryProbe.class.getClassLoader()
        .getResource("library-manifests/" + library + "/META-INF/MANIFEST.MF");
    if (url == null) {
      return "unknown (no bundled manifest)";
    }
    try (InputStream in = url.openStream()) {
      String value = new Manifest(in).getMainAttributes().getValue(attribute);
      return value == null ? "unknown (no " + attribute + ")" : value;
    } catch (IOException e) {
      return "unknown (" + e + ")";
    }
  }

  private static Properties pomProperties(Class<?> type, String groupId, String artifactId) {
    Properties properties = new Properties();
    ClassLoader loader = type.getClassLoader();
    URL url = loader == null ? null
        : loader.getResource("META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties");
    if (url != null) {
      try (InputStream in = url.openStream()) {
        properties.load(in);
      } catch (IOException e) {
        properties.setProperty("version", "unknown (" + e + ")");
      }
    }
    return properties;
  }
}
