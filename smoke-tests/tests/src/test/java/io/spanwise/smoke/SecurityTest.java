package io.spanwise.smoke;

import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.smoke.support.ChildJvm;
import io.spanwise.smoke.support.Http;
import io.spanwise.smoke.support.Jdk;
import io.spanwise.smoke.support.OtlpReceiver;
import io.spanwise.smoke.support.Proc;
import io.spanwise.smoke.support.ReceivedSpan;
import io.spanwise.smoke.support.RecordingHttpServer;
import io.spanwise.smoke.support.SmokeTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the agent must never do to the application's security: open a port, or carry a secret (an SQL
 * literal, a URL's credentials, a sensitive query value, the exporter's own header values) into a span or
 * its log.
 *
 * <p>Both checks run in one demo per JDK: the port check needs the JDK (what the agent starts there),
 * the secrets check the debug log on and off, which the JDKs take turns at.
 */
class SecurityTest extends SmokeTest {
  /** Every secret value below contains this: none of it may appear anywhere. */
  static final String MARK = "s3cr3t";

  static Stream<Arguments> cases() {
    return Stream.of(Arguments.of(Jdk.current(), false), Arguments.of(Jdk.temurin25(), true));
  }

  @ParameterizedTest(name = "{0}, otel.javaagent.debug={1}")
  @MethodSource("cases")
  void theAgentOpensNoPortAndNoSecretReachesASpanOrTheLog(Jdk jdk, boolean debug) {
    jdk.assumeInstalled();
    OtlpReceiver receiver = track(OtlpReceiver.start());
    RecordingHttpServer shipping = track(RecordingHttpServer.start());
    String credentials = "shipper:pw-" + MARK + "@";
    ChildJvm app = track(demo(jdk, receiver)
        .env("OTEL_EXPORTER_OTLP_HEADERS", "api-key=key-" + MARK + "-1")
        .sysProp("otel.javaagent.debug", String.valueOf(debug))
        .args("--port", "0", "--shipping-url", shipping.baseUrl().replace("http://", "http://" + credentials))
        .start());
    int port = app.awaitPort();

    List<Integer> statuses = new ArrayList<>();
    // Sensitive query values on the way in (the OpenTelemetry list and common credential names).
    statuses.add(Http.get(port, "/orders/42?password=pw-" + MARK + "&token=tok-" + MARK + "&sig=sig-" + MARK
        + "&X-Amz-Signature=amz-" + MARK + "&api_key=api-" + MARK + "&access_token=at-" + MARK
        + "&id=42").statusCode());
    // SQL with literals: the inventory query has SLEEP(0.12); the seed data was inserted with literals.
    statuses.add(Http.get(port, "/checkout?item=pen").statusCode());
    // An outgoing call to a URL with credentials.
    statuses.add(Http.get(port, "/ship?item=book&client=http-url-connection").statusCode());
    assertThat(statuses).containsOnly(200);

    ReceivedSpan orders = receiver.awaitSpan("GET /orders/*");
    ReceivedSpan query = receiver.awaitSpan(s -> String.valueOf(s.attribute("db.query.text")).contains("SLEEP"),
        "the inventory query");
    ReceivedSpan call = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_CLIENT && s.attribute("url.full") != null,
        "the CLIENT span of the call to shipping");

    // The exporter is built and has exported, the requests are served: the JVM listens on its own port only.
    if (Proc.available()) {
      Set<Integer> listening = Proc.listeningPorts(app.pid());
      assertThat(listening).as("TCP ports the demo JVM listens on (the demo's own is %d)", port)
          .containsExactly(port);
    } else {
      System.out.println("SecurityTest: no Linux /proc here: the listening ports were not checked");
    }
    app.stop();

    // What was recorded instead of the secrets.
    assertThat((String) orders.attribute("url.query")).contains("password=REDACTED", "sig=REDACTED",
        "X-Amz-Signature=REDACTED", "id=42");
    assertThat((String) query.attribute("db.query.text")).contains("SLEEP(?)").doesNotContain("0.12");
    assertThat((String) call.attribute("url.full")).startsWith("http://REDACTED:REDACTED@127.0.0.1:");
    assertThat(receiver.lastHeader("api-key")).as("the exporter header was sent").isEqualTo("key-" + MARK + "-1");

    for (ReceivedSpan span : receiver.spans()) {
      String everything = span.proto().toString() + span.resourceAttributes();
      assertThat(everything).as("an exported span").doesNotContain(MARK).doesNotContain("pay-seed")
          .doesNotContain("0.12");
    }
    List<String> lines = new ArrayList<>(app.stdoutLines());
    lines.addAll(app.stderrLines());
    assertThat(lines).as("the agent's log and the app's output").noneMatch(l -> l.contains(MARK));
    if (debug) {
      assertThat(agentLines(app.stderrLines())).as("the debug log is on").hasSizeGreaterThan(10);
    }
  }
}
