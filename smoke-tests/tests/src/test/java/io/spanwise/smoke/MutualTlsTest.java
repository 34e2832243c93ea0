package io.spanwise.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spanwise.smoke.support.ChildJvm;
import io.spanwise.smoke.support.Http;
import io.spanwise.smoke.support.Jdk;
import io.spanwise.smoke.support.OtlpGrpcReceiver;
import io.spanwise.smoke.support.OtlpReceiver;
import io.spanwise.smoke.support.SmokeTest;
import io.spanwise.smoke.support.TestCertificates;
import io.spanwise.smoke.support.TraceReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Mutual TLS to the collector: a receiver that requires a client certificate signed by its CA (certificates
 * made at test time with openssl). With {@code otel.exporter.otlp.client.key} / {@code .client.certificate}
 * (PEM) and {@code .certificate} (the CA) spans arrive over http/protobuf and gRPC; without a usable client
 * certificate the receiver refuses the connection, and a key or certificate file that cannot be used gives
 * one warning line naming the setting and the problem.
 */
class MutualTlsTest extends SmokeTest {
  @TempDir
  static Path dir;
  static TestCertificates certs;

  @BeforeAll
  static void makeCertificates() {
    assumeTrue(TestCertificates.opensslAvailable(), "needs openssl to make the certificates");
    certs = TestCertificates.generate(dir);
  }

  @Test
  void spansArriveOverHttpProtobufWithAClientCertificate() {
    OtlpReceiver receiver = track(OtlpReceiver.startTls(certs.serverContext(), true));
    ChildJvm app = track(withClientCertificate(demo(Jdk.current(), receiver), certs.clientKey).start());
    assertSpansArrive(app, receiver);
  }

  @Test
  void spansArriveOverGrpcWithAClientCertificate() {
    OtlpGrpcReceiver receiver = track(OtlpGrpcReceiver.startTls(certs.serverCertificate, certs.serverKey, certs.ca));
    ChildJvm app = track(withClientCertificate(demo(Jdk.current(), receiver), certs.clientKey)
        .sysProp("otel.exporter.otlp.protocol", "grpc")
        .start());
    assertSpansArrive(app, receiver);
  }

  @Test
  void withoutAClientCertificateTheCollectorRefuses() {
    OtlpReceiver receiver = track(OtlpReceiver.startTls(certs.serverContext(), true));
    ChildJvm app = track(demo(Jdk.current(), receiver)
        .sysProp("otel.exporter.otlp.certificate", certs.ca.toString())
        .start());
    assertRefused(app, receiver);
    assertThat(agentLines(app.stderrLines())).noneMatch(l -> l.contains("client.key"));
  }

  enum BadFile {
    /** A key that is not the certificate's. */
    MISMATCHED_KEY("is not the private key of the certificate in"),
    /** A key file that is not there. */
    MISSING_KEY("is not valid: no such file"),
    /** The key in the traditional "BEGIN EC PRIVATE KEY" form. */
    NOT_PKCS8("is not valid: not a PEM PKCS#8 private key");

    final String warning;

    BadFile(String warning) {
      this.warning = warning;
    }
  }

  @ParameterizedTest
  @EnumSource(BadFile.class)
  void aKeyThatCannotBeUsedGivesOneLineAndNoClientCertificateIsSent(BadFile bad) {
    Path key = bad == BadFile.MISMATCHED_KEY ? certs.otherKey
        : bad == BadFile.MISSING_KEY ? certs.dir.resolve("no-such.key") : certs.clientKeySec1;
    OtlpReceiver receiver = track(OtlpReceiver.startTls(certs.serverContext(), true));
    ChildJvm app = track(withClientCertificate(demo(Jdk.current(), receiver), key).start());

    assertRefused(app, receiver);
    List<String> warnings = agentLines(app.stderrLines()).stream()
        .filter(l -> l.contains("otel.exporter.otlp.client.key")).collect(Collectors.toList());
    assertThat(warnings).as(app.describe()).hasSize(1);
    assertThat(warnings.get(0)).contains(key.toString()).contains(bad.warning)
        .contains("no client certificate");
    assertThat(exceptionOutput(app.stderrLines())).as(app.describe()).isEmpty();
  }

  private static ChildJvm.Builder withClientCertificate(ChildJvm.Builder demo, Path key) {
    return demo
        .sysProp("otel.exporter.otlp.certificate", certs.ca.toString())
        .sysProp("otel.exporter.otlp.client.certificate", certs.clientCertificate.toString())
        .sysProp("otel.exporter.otlp.client.key", key.toString());
  }

  private static void assertSpansArrive(ChildJvm app, TraceReceiver receiver) {
    int port = app.awaitPort();
    assertThat(Http.get(port, "/orders/42").statusCode()).isEqualTo(200);
    receiver.awaitSpan("GET /orders/*");
    assertThat(agentLines(app.stderrLines())).as("no warning").noneMatch(l -> l.contains("WARN"));
  }

  private static void assertRefused(ChildJvm app, OtlpReceiver receiver) {
    int port = app.awaitPort();
    assertThat(Http.get(port, "/orders/42").statusCode()).isEqualTo(200);
    app.awaitStderr(Pattern.compile("could not export \\d+ spans? to " + Pattern.quote(receiver.endpoint())),
        Duration.ofSeconds(20));
    assertThat(receiver.spans()).as("spans the receiver accepted").isEmpty();
  }
}
