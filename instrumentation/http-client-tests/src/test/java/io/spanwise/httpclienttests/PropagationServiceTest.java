package io.spanwise.httpclienttests;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.testing.InProcessAgent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import jakarta.servlet.Servlet;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The W3C Trace Context Level 2 and Baggage rules, end to end: a driver sends raw HTTP requests (so it
 * controls every header line) to a servlet service (Tomcat, servlet instrumentation) that calls WireMock
 * with the JDK HttpClient (java-http-client instrumentation); what arrives at WireMock is checked.
 */
class PropagationServiceTest {
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String PARENT_ID = "b7ad6b7169203331";
  private static final String VALID = "00-" + TRACE_ID + "-" + PARENT_ID + "-01";

  private static WireMockServer downstream;
  private static Tomcat tomcat;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    InProcessAgent.install();
    tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
    tomcat.setPort(0);
    Context context = tomcat.addContext("", null);
    // By name: a "new FanOutServlet()" here would have the verifier load it and the servlet API with this
    // test class, before the agent is installed.
    Servlet servlet = (Servlet) Class.forName("org.example.fanout.FanOutServlet").getDeclaredConstructor().newInstance();
    Tomcat.addServlet(context, "fanout", servlet);
    context.addServletMappingDecoded("/fanout", "fanout");
    tomcat.start();
    port = tomcat.getConnector().getLocalPort();
    downstream = new WireMockServer(options().dynamicPort());
    downstream.start();
    downstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
  }

  @AfterAll
  static void stop() throws Exception {
    tomcat.stop();
    tomcat.destroy();
    downstream.stop();
  }

  @BeforeEach
  void reset() {
    downstream.resetRequests();
    InProcessAgent.reset();
  }

  // ------------------------------------------------------------------ traceparent

  @Test
  void validSampledTraceparentContinuesTheTraceWithTheClientSpanAsParent() throws Exception {
    List<LoggedRequest> received = drive(1, "traceparent: " + VALID);

    Traceparent out = Traceparent.of(received.get(0));
    assertThat(out.traceId).isEqualTo(TRACE_ID);
    assertThat(out.flags).isEqualTo("01");
    List<SpanData> spans = InProcessAgent.awaitSpans(2, Duration.ofSeconds(10));
    SpanData server = kind(spans, SpanKind.SERVER);
    SpanData client = kind(spans, SpanKind.CLIENT);
    assertThat(server.getParentSpanId()).isEqualTo(PARENT_ID);
    assertThat(client.getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(out.parentId).isEqualTo(client.getSpanId());
  }

  @Test
  void notSampledTraceStillPropagatesADistinctSpanIdPerCallWithTheFlagsCarriedThrough() throws Exception {
    List<LoggedRequest> received = drive(2, "traceparent: 00-" + TRACE_ID + "-" + PARENT_ID + "-00",
        "tracestate: vendor=x");

    Traceparent first = Traceparent.of(received.get(0));
    Traceparent second = Traceparent.of(received.get(1));
    assertThat(first.traceId).isEqualTo(TRACE_ID);
    assertThat(second.traceId).isEqualTo(TRACE_ID);
    assertThat(first.flags).isEqualTo("00");
    assertThat(second.flags).isEqualTo("00");
    assertThat(List.of(first.parentId, second.parentId)).doesNotHaveDuplicates()
        .doesNotContain(PARENT_ID, "0000000000000000");
    assertThat(header(received.get(0), "tracestate")).containsExactly("vendor=x");
    assertThat(InProcessAgent.install().getFinishedSpanItems()).isEmpty();
  }

  @Test
  void theLevel2RandomFlagOfAContinuedTraceIsCarriedThrough() throws Exception {
    Traceparent sampled = Traceparent.of(drive(1, "traceparent: 00-" + TRACE_ID + "-" + PARENT_ID + "-03").get(0));
    assertThat(sampled.traceId).isEqualTo(TRACE_ID);
    assertThat(sampled.flags).isEqualTo("03");
    downstream.resetRequests();
    Traceparent notSampled = Traceparent.of(drive(1, "traceparent: 00-" + TRACE_ID + "-" + PARENT_ID + "-02").get(0));
    assertThat(notSampled.flags).isEqualTo("02");
    downstream.resetRequests();
    // a trace that starts here makes no promise about how its id was made
    assertThat(Traceparent.of(drive(1).get(0)).flags).isEqualTo("01");
  }

  @Test
  void aHigherVersionIsParsedForwardCompatibly() throws Exception {
    assertContinued(drive(1, "traceparent: cc-" + TRACE_ID + "-" + PARENT_ID + "-01-what-the-future-will-be-like",
        "tracestate: a=1"), "a=1");
    downstream.resetRequests();
    assertContinued(drive(1, "traceparent: cc-" + TRACE_ID + "-" + PARENT_ID + "-01"), null);
  }

  @Test
  void invalidTraceparentsStartANewTraceAndDropTracestate() throws Exception {
    List<String> invalid = List.of(
        "ff-" + TRACE_ID + "-" + PARENT_ID + "-01",                   // version ff is forbidden
        "0-" + TRACE_ID + "-" + PARENT_ID + "-01",                    // version too short
        "0g-" + TRACE_ID + "-" + PARENT_ID + "-01",                   // version not hex
        "00-" + TRACE_ID.toUpperCase() + "-" + PARENT_ID + "-01",     // upper case
        "00-" + TRACE_ID + "-" + PARENT_ID.toUpperCase() + "-01",
        "00-" + TRACE_ID.substring(1) + "-" + PARENT_ID + "-01",      // trace id too short
        "00-" + TRACE_ID + "0-" + PARENT_ID + "-01",                  // trace id too long
        "00-" + TRACE_ID + "-" + PARENT_ID.substring(1) + "-01",      // parent id too short
        "00-" + TRACE_ID + "-" + PARENT_ID + "-1",                    // flags too short
        "00-" + TRACE_ID + "-" + PARENT_ID + "-0x",                   // flags not hex
        "00-" + TRACE_ID.replace('a', 'z') + "-" + PARENT_ID + "-01", // bad characters
        "00-00000000000000000000000000000000-" + PARENT_ID + "-01",   // all-zero trace id
        "00-" + TRACE_ID + "-0000000000000000-01",                    // all-zero parent id
        "00-" + TRACE_ID + "-" + PARENT_ID + "-01-extra",             // data after version 00
        "00-" + TRACE_ID + "-" + PARENT_ID + "-01-",
        "cc-" + TRACE_ID + "-" + PARENT_ID + "-01x",                  // higher version, no dash after flags
        "00_" + TRACE_ID + "_" + PARENT_ID + "_01",                   // wrong delimiters
        "");
    for (String traceparent : invalid) {
      downstream.resetRequests();
      assertNewTrace(drive(1, "traceparent: " + traceparent, "tracestate: a=1"), traceparent);
    }
  }

  @Test
  void twoTraceparentLinesAreInvalid() throws Exception {
    assertNewTrace(drive(1, "traceparent: " + VALID, "traceparent: " + VALID, "tracestate: a=1"), "duplicated");
  }

  @Test
  void aTraceparentTheServiceSetItselfIsNotDuplicated() throws Exception {
    List<LoggedRequest> received = driveWithQuery("?own-traceparent=00-11111111111111111111111111111111-2222222222222222-01",
        1, "traceparent: " + VALID);

    assertThat(header(received.get(0), "traceparent"))
        .containsExactly("00-11111111111111111111111111111111-2222222222222222-01");
  }

  // ------------------------------------------------------------------ tracestate

  @Test
  void severalTracestateLinesAreOneListInOrder() throws Exception {
    List<LoggedRequest> received = drive(1, "traceparent: " + VALID, "tracestate: a=1,b=2", "tracestate: c=3");

    assertThat(String.join(",", header(received.get(0), "tracestate"))).isEqualTo("a=1,b=2,c=3");
  }

  @Test
  void emptyMembersAndOptionalWhitespaceAreAllowed() throws Exception {
    List<LoggedRequest> received = drive(1, "traceparent: " + VALID, "tracestate: a=1 , ,\tb=2,,");

    assertThat(String.join(",", header(received.get(0), "tracestate"))).isEqualTo("a=1,b=2");
  }

  @Test
  void thirtyTwoMembersAreKeptAndThirtyThreeDropTheList() throws Exception {
    String members32 = IntStream.range(0, 32).mapToObj(i -> "k" + i + "=v" + i).collect(Collectors.joining(","));
    assertThat(String.join(",", header(drive(1, "traceparent: " + VALID, "tracestate: " + members32).get(0),
        "tracestate"))).isEqualTo(members32);
    downstream.resetRequests();
    assertThat(header(drive(1, "traceparent: " + VALID, "tracestate: " + members32 + ",k32=v32").get(0),
        "tracestate")).isEmpty();
    downstream.resetRequests();
    // the limit counts the joined list, not each line
    assertThat(header(drive(1, "traceparent: " + VALID, "tracestate: " + members32, "tracestate: k32=v32").get(0),
        "tracestate")).isEmpty();
  }

  @Test
  void keysAndValuesFollowTheGrammar() throws Exception {
    List<String> valid = List.of(
        "a=1", "abc_-*/def=x", "0a@v=1", "tenant@vendor=x", "t@v=x", "a=" + "x".repeat(256),
        "k".repeat(256) + "=1", "a=!\"#$%&'()*+-./:;<>?@[\\]^_`{|}~", "a=with space inside",
        "t".repeat(241) + "@" + "v".repeat(14) + "=1",
        // Level 2's key grammar: "@" anywhere after the first character, up to 256 characters in all
        "0a=1", "t@v@w=1", "t@=1", "foo@@bar=1", "t".repeat(242) + "@v=1", "t@" + "v".repeat(15) + "=1");
    for (String tracestate : valid) {
      downstream.resetRequests();
      assertThat(String.join(",", header(drive(1, "traceparent: " + VALID, "tracestate: " + tracestate).get(0),
          "tracestate"))).as(tracestate).isEqualTo(tracestate);
    }
    List<String> invalid = List.of(
        "A=1", "a", "=1", "a=", "a=1=2", "a=1,b", "a=caf\u00e9", "a=" + "x".repeat(257), "k".repeat(257) + "=1",
        "a b=1", "@v=1", "t@V=1", "a=1 ,b=2=3");
    for (String tracestate : invalid) {
      downstream.resetRequests();
      List<LoggedRequest> received = drive(1, "traceparent: " + VALID, "tracestate: " + tracestate + ",ok=1");
      assertThat(header(received.get(0), "tracestate")).as(tracestate).isEmpty();
      assertThat(Traceparent.of(received.get(0)).traceId).as(tracestate).isEqualTo(TRACE_ID);
    }
  }

  @Test
  void aDuplicatedKeyKeepsTheTraceAndItsFirstValue() throws Exception {
    List<LoggedRequest> received = drive(1, "traceparent: " + VALID, "tracestate: a=1,b=2,a=3");

    assertThat(String.join(",", header(received.get(0), "tracestate"))).isEqualTo("a=1,b=2");
    assertThat(Traceparent.of(received.get(0)).traceId).isEqualTo(TRACE_ID);
  }

  // ------------------------------------------------------------------ baggage

  @Test
  void baggageIsParsedAndReEmittedWithPropertiesAndPercentEncoding() throws Exception {
    List<LoggedRequest> received = drive(1, "traceparent: " + VALID,
        "baggage: userId=alice, serverNode = DF%2028 ;prop1;prop2=x", "baggage: isProduction=false,enc=%E2%82%AC%3B%2C");

    List<String> members = baggageMembers(received.get(0));
    assertThat(members).containsExactlyInAnyOrder("userId=alice", "serverNode=DF%2028;prop1;prop2=x",
        "isProduction=false", "enc=%E2%82%AC%3B%2C");
  }

  @Test
  void invalidBaggageMembersAreDroppedAndTheOthersKept() throws Exception {
    List<LoggedRequest> received = drive(1, "traceparent: " + VALID, "baggage: good=1,noequals,=novalue,bad key=2,ok=2");

    assertThat(baggageMembers(received.get(0))).containsExactlyInAnyOrder("good=1", "ok=2");
  }

  @Test
  void baggageUpToTheLimitsIsPropagatedWhole() throws Exception {
    String members64 = IntStream.range(0, 64).mapToObj(i -> "k" + i + "=" + "v".repeat(100)).collect(Collectors.joining(","));
    List<LoggedRequest> received = drive(1, "traceparent: " + VALID, "baggage: " + members64);

    assertThat(baggageMembers(received.get(0))).hasSize(64);
  }

  @Test
  void baggageAlsoTravelsWithoutATraceparent() throws Exception {
    List<LoggedRequest> received = drive(1, "baggage: tenant=acme");

    assertThat(baggageMembers(received.get(0))).containsExactly("tenant=acme");
  }

  // ------------------------------------------------------------------ helpers

  private static void assertContinued(List<LoggedRequest> received, String tracestate) {
    Traceparent out = Traceparent.of(received.get(0));
    assertThat(out.version).isEqualTo("00");
    assertThat(out.traceId).isEqualTo(TRACE_ID);
    assertThat(out.parentId).isNotEqualTo(PARENT_ID);
    if (tracestate != null) {
      assertThat(header(received.get(0), "tracestate")).containsExactly(tracestate);
    }
  }

  private static void assertNewTrace(List<LoggedRequest> received, String why) {
    Traceparent out = Traceparent.of(received.get(0));
    assertThat(out.traceId).as(why).isNotEqualTo(TRACE_ID).isNotEqualTo("0".repeat(32));
    assertThat(out.flags).as(why).isEqualTo("01");
    assertThat(header(received.get(0), "tracestate")).as(why).isEmpty();
  }

  private static List<String> baggageMembers(LoggedRequest request) {
    List<String> members = new ArrayList<>();
    for (String line : header(request, "baggage")) {
      for (String member : line.split(",")) {
        members.add(member.replace(" ", ""));
      }
    }
    return members;
  }

  private static SpanData kind(List<SpanData> spans, SpanKind kind) {
    return spans.stream().filter(s -> s.getKind() == kind).findFirst().orElseThrow();
  }

  static List<String> header(LoggedRequest request, String name) {
    return request.getHeaders().getHeader(name).isPresent()
        ? request.getHeaders().getHeader(name).values() : Collections.emptyList();
  }

  private static List<LoggedRequest> drive(int calls, String... headerLines) throws Exception {
    return driveWithQuery("", calls, headerLines);
  }

  /**
   * POSTs the list of {@code calls} downstream URLs to the service over a raw socket, with exactly these
   * header lines, and returns what reached WireMock, in order.
   */
  private static List<LoggedRequest> driveWithQuery(String query, int calls, String... headerLines) throws Exception {
    String urls = IntStream.range(0, calls)
        .mapToObj(i -> "\"http://localhost:" + downstream.port() + "/downstream/" + i + "\"")
        .collect(Collectors.joining(",", "[", "]"));
    byte[] body = urls.getBytes(StandardCharsets.UTF_8);
    StringBuilder request = new StringBuilder("POST /fanout" + query + " HTTP/1.1\r\nHost: localhost\r\n"
        + "Connection: close\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n");
    for (String line : headerLines) {
      request.append(line).append("\r\n");
    }
    request.append("\r\n");
    try (Socket socket = new Socket("localhost", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.write(body);
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String status = in.readLine();
      assertThat(status).as("service response").startsWith("HTTP/1.1 200");
      while (in.readLine() != null) {
        // read to the end: the service has made its calls
      }
    }
    List<LoggedRequest> received = new ArrayList<>(downstream.findAll(anyRequestedFor(anyUrl())));
    received.sort((a, b) -> a.getUrl().compareTo(b.getUrl()));
    assertThat(received).hasSize(calls);
    return received;
  }

  /** A received {@code traceparent}, checked to be well-formed version 00. */
  static final class Traceparent {
    final String version;
    final String traceId;
    final String parentId;
    final String flags;

    private Traceparent(String value) {
      assertThat(value).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
      String[] parts = value.split("-");
      version = parts[0];
      traceId = parts[1];
      parentId = parts[2];
      flags = parts[3];
    }

    static Traceparent of(LoggedRequest request) {
      List<String> values = header(request, "traceparent");
      assertThat(values).hasSize(1);
      return new Traceparent(values.get(0));
    }
  }
}
