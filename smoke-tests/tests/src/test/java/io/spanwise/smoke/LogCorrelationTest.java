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
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Log correlation, black-box: the Spring Boot jar (Logback) logs one INFO line inside a request; the ids
 * in that line, as printed on the console, are the SERVER span's trace id and a span of it received
 * over OTLP. The
 * application's logging is configured only by the application's own Spring properties.
 */
class LogCorrelationTest extends SmokeTest {
  /** Spring Boot's {@code %correlationId}: {@code [trace-span] } before the logger name. */
  private static final Pattern SPRING_FORMAT =
      Pattern.compile("\\[([0-9a-f]{32})-([0-9a-f]{16})\\] .*: looking up item mug");
  private static final Pattern OWN_PATTERN =
      Pattern.compile("trace_id=([0-9a-f]{32}) span_id=([0-9a-f]{16}) flags=01 looking up item mug");

  /** {@code logging.expect-correlation-id=true}: Spring Boot's own console format shows the ids. */
  @Test
  void springBootsCorrelationIdShowsTheServerSpansIds() {
    assertLineMatchesServerSpan(Jdk.current(), SPRING_FORMAT, "--logging.expect-correlation-id=true");
  }

  /** The application's own pattern with {@code %X{trace_id}}, on Temurin 25. */
  @Test
  void theAgentsKeysInTheApplicationsPattern() {
    assertLineMatchesServerSpan(Jdk.temurin25(), OWN_PATTERN,
        "--logging.pattern.console=trace_id=%X{trace_id} span_id=%X{span_id} flags=%X{trace_flags} %m%n");
  }

  private void assertLineMatchesServerSpan(Jdk jdk, Pattern line, String loggingArg) {
    jdk.assumeInstalled();
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm shop = track(app("spring-boot")
        .jdk(jdk)
        .jar(SmokeEnv.springBootJar())
        .sysProp("otel.exporter.otlp.endpoint", receiver.endpoint())
        .sysProp("otel.bsp.schedule.delay", "200")
        .args("--logging.level.springshop=INFO", loggingArg)
        .start());
    int port = shop.awaitPort();

    HttpResponse<String> price = Http.get(port, "/items/mug");
    assertThat(price.statusCode()).as(price.body()).isEqualTo(200);
    Matcher logged = shop.awaitStdout(line, Duration.ofSeconds(30));
    ReceivedSpan server = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_SERVER
        && "/items/mug".equals(s.attribute("url.path")), "the request's SERVER span");
    assertThat(logged.group(1)).as("trace id in %s", logged.group()).isEqualTo(server.traceId());
    // the span current in the controller: the SERVER span, or one under it if a framework span is added
    receiver.awaitSpan(s -> s.spanId().equals(logged.group(2)) && s.traceId().equals(server.traceId()),
        "the span " + logged.group(2) + " of the logged line, in trace " + server.traceId());
  }
}
