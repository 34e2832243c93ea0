package io.spanwise.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.smoke.support.ChildJvm;
import io.spanwise.smoke.support.Http;
import io.spanwise.smoke.support.Jdk;
import io.spanwise.smoke.support.OtlpReceiver;
import io.spanwise.smoke.support.ReceivedSpan;
import io.spanwise.smoke.support.ShopTrace;
import io.spanwise.smoke.support.ShopTrace.Caller;
import io.spanwise.smoke.support.SmokeEnv;
import io.spanwise.smoke.support.SmokeTest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The usual small embedded service (smoke-tests/apps/embedded-tomcat): tomcat-embed-core 10.1 alone, so
 * no container filter runs before the application's code, servlets extending {@code HttpServlet} that
 * override only {@code doGet}, created in {@code main}, so {@code HttpServlet} is first loaded as the
 * supertype of the application's servlet (and {@code HttpFilter} as the supertype of its filter). Each
 * request must still be one SERVER span continuing the caller's trace, with its H2 query and its
 * HttpClient call under it and the downstream request under that call. Once more with both library
 * types loaded by name first, the order that always worked. {@code premain} does not wait for Byte Buddy;
 * twice more with Byte Buddy ready only seconds after {@code main} has begun: once with the library's
 * and the application's classes waiting for it as they load (as they do, for a fraction of a second, on
 * every start), once with them loading unwoven, to be woven afterwards by retransformation (what a class
 * that waited too long gets).
 */
class EmbeddedTomcatTest extends SmokeTest {
  private static final Pattern WOVEN_AFTER_LOADING = Pattern.compile("woven after loading, by retransformation: (.*)");
  /** The debug line of a class the application's main waited for at the start-up gate, and how long. */
  private static final Pattern MAIN_WAITED_AT_GATE =
      Pattern.compile("DEBUG waited (\\d+\\.\\d) ms at the start-up gate: (\\S+) \\(main\\)");
  /** The debug line of a class woven as it loaded, with the time weaving it took. */
  private static final Pattern WOVEN_AS_IT_LOADS = Pattern.compile("DEBUG woven as it loads: (\\S+) \\((\\d+\\.\\d) ms\\)");

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(Jdk.current(), "subclass first"),
        Arguments.of(Jdk.temurin25(), "subclass first"),
        Arguments.of(Jdk.current(), "library first"),
        Arguments.of(Jdk.current(), "waiting for the weaver"),
        Arguments.of(Jdk.current(), "woven after loading"));
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("cases")
  void eachRequestIsOneServerSpanWithItsCallsUnderIt(Jdk jdk, String order) {
    jdk.assumeInstalled();
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm.Builder builder = app("embedded-tomcat")
        .jdk(jdk)
        .jar(SmokeEnv.embeddedTomcatJar())
        .env("OTEL_SERVICE_NAME", "shop")
        .sysProp("otel.exporter.otlp.endpoint", receiver.endpoint())
        .sysProp("otel.bsp.schedule.delay", "200");
    if (order.equals("library first")) {
      builder.args("--library-first");
    }
    boolean lateWeaver = order.equals("waiting for the weaver") || order.equals("woven after loading");
    if (lateWeaver) {
      builder.sysProp("spanwise.internal.startup-open-delay", "3s").sysProp("otel.javaagent.debug", "true");
    }
    if (order.equals("woven after loading")) {
      builder.sysProp("spanwise.internal.startup-wait", "0");
    }
    ChildJvm shop = track(builder.start());
    int port = shop.awaitPort();
    if (lateWeaver) {
      String woven = shop.awaitStderr(WOVEN_AFTER_LOADING, ChildJvm.START_TIMEOUT).group(1);
      if (order.equals("woven after loading")) {
        assertThat(woven).contains("shop.Shop$Checkout", "shop.Shop$Ping", "org.h2.jdbc.JdbcConnection");
      } else {
        // nothing of the application's, and of the JDK's only Thread (loaded before any agent): the agent
        // itself loads none of the JDK's pools before it weaves them
        assertThat(woven).isEqualTo("[java.lang.Thread]");
        // the debug log says how long the application's main stood at the gate (held shut for 3 s here),
        // and what weaving each class took once it opened
        Matcher waited = shop.awaitStderr(MAIN_WAITED_AT_GATE, ChildJvm.START_TIMEOUT);
        assertThat(Double.parseDouble(waited.group(1))).as(waited.group()).isGreaterThan(500.0);
        Matcher wovenLine = shop.awaitStderr(WOVEN_AS_IT_LOADS, ChildJvm.START_TIMEOUT);
        assertThat(Double.parseDouble(wovenLine.group(2))).as(wovenLine.group()).isGreaterThan(0.0);
      }
    }

    List<Caller> callers = new ArrayList<>();
    for (String item : List.of("mug", "book", "mug")) {
      Caller caller = Caller.random();
      HttpResponse<String> response = Http.get(port, "/checkout?item=" + item, "traceparent", caller.traceparent());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.body()).startsWith("item=" + item + " price=");
      ShopTrace.Checkout spans = ShopTrace.assertCheckout(receiver, caller, "/checkout", "/inventory",
          response.body());
      assertThat(spans.server().resourceAttributes()).containsEntry("service.name", "shop");
      callers.add(caller);
    }

    // a request answered by the application's filter alone
    Caller pinger = Caller.random();
    HttpResponse<String> pong = Http.get(port, "/ping", "traceparent", pinger.traceparent());
    assertThat(pong.statusCode()).as(pong.body()).isEqualTo(200);
    assertThat(pong.body()).startsWith("pong items=2");
    ReceivedSpan ping = receiver.awaitSpan(ShopTrace.server(pinger, "/ping"),
        "a SERVER span for /ping in the caller's trace " + pinger.traceId());
    ShopTrace.assertServer(ping, "GET", 200L);
    assertThat(ping.parentSpanId()).isEqualTo(pinger.spanId());
    receiver.awaitSpan(ShopTrace.database(ping, "FROM items"), "the filter's query under " + ping);

    shop.stop();
    for (Caller caller : callers) {
      ShopTrace.assertWholeTrace(receiver, caller);
    }
    assertThat(receiver.trace(pinger.traceId())).hasSize(2);
    ShopTrace.assertNoOrphans(receiver);
    assertThat(exceptionOutput(shop.stderrLines())).as(shop.describe()).isEmpty();
  }
}
