package io.spanwise.smoke;

import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.smoke.support.ChildJvm;
import io.spanwise.smoke.support.Http;
import io.spanwise.smoke.support.Jdk;
import io.spanwise.smoke.support.OtlpReceiver;
import io.spanwise.smoke.support.ReceivedSpan;
import io.spanwise.smoke.support.SmokeEnv;
import io.spanwise.smoke.support.SmokeTest;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An application that ships its own, other versions of the agent's libraries (OpenTelemetry API/SDK,
 * Byte Buddy, OkHttp, protobuf-java; shaded, not relocated) keeps using exactly those under the agent,
 * and is still traced (javax servlets on Tomcat 9).
 */
class IsolationTest extends SmokeTest {
  /** The versions the app bundles (see smoke-tests/apps/conflicting-deps/pom.xml). */
  static final Map<String, String> APP_VERSIONS = Map.of(
      "opentelemetry-api", "1.40.0",
      "opentelemetry-sdk", "1.40.0",
      "byte-buddy", "1.14.18",
      "okhttp", "4.11.0",
      "protobuf-java", "3.25.5");

  static Stream<Jdk> jdks() {
    return Jdk.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void theAppSeesItsOwnLibrariesAndIsTraced(Jdk jdk) throws IOException {
    jdk.assumeInstalled();
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm app = track(app("conflicting-deps")
        .jdk(jdk)
        .jar(SmokeEnv.conflictingDepsJar())
        .env("OTEL_SERVICE_NAME", "conflicting-deps")
        .sysProp("otel.exporter.otlp.endpoint", receiver.endpoint())
        .sysProp("otel.bsp.schedule.delay", "200")
        .start());
    int port = app.awaitPort(); // printed once the app has used each library

    HttpResponse<String> versions = Http.get(port, "/versions");
    assertThat(versions.statusCode()).isEqualTo(200);
    Properties report = new Properties();
    report.load(new StringReader(versions.body()));

    String appJar = report.getProperty("app.location");
    assertThat(appJar).endsWith("conflicting-deps-app.jar");
    APP_VERSIONS.forEach((library, version) -> {
      assertThat(report.getProperty(library + ".version")).as("%s version\n%s", library, versions.body())
          .isEqualTo(version);
      assertThat(report.getProperty(library + ".location")).as("%s loaded from", library).isEqualTo(appJar);
      assertThat(report.getProperty(library + ".loader")).as("%s class loader", library)
          .isEqualTo(report.getProperty("app.loader"));
      assertThat(report.getProperty(library + ".check")).as("%s start-up check", library).startsWith("ok:");
    });

    HttpResponse<String> hello = Http.get(port, "/hello");
    assertThat(hello.statusCode()).isEqualTo(200);
    assertThat(hello.body()).isEqualTo("hello\n");

    ReceivedSpan ours = receiver.awaitSpan(s -> s.name().equals("GET /hello")
        && Http.USER_AGENT.equals(s.attribute("user_agent.original")), "our GET /hello");
    assertThat(ours.kind()).isEqualTo(SPAN_KIND_SERVER);
    assertThat(ours.attributes())
        .containsEntry("http.route", "/hello")
        .containsEntry("http.response.status_code", 200L);
    assertThat(ours.resourceAttributes())
        .containsEntry("service.name", "conflicting-deps")
        .containsEntry("telemetry.distro.name", "spanwise");
    // The app's own start-up call, made with its own OkHttp, is traced too.
    receiver.awaitSpan(s -> s.name().equals("GET /hello")
        && "okhttp/4.11.0".equals(s.attribute("user_agent.original")), "the start-up GET /hello by OkHttp 4.11.0");
    receiver.awaitSpan("GET /versions");
    // The app's own SDK span never goes through the agent.
    assertThat(receiver.spansNamed("own-sdk-span")).isEmpty();

    app.stop();
    assertThat(exceptionOutput(app.stderrLines())).as(app.describe()).isEmpty();
  }
}
