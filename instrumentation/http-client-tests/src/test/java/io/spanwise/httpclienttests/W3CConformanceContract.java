package io.spanwise.httpclienttests;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.testing.InProcessAgent;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every case of the two W3C conformance suites, end to end through a Spanwise-instrumented service: a
 * driver sends raw HTTP requests (every header line as the suite sends it) to a servlet service (Tomcat,
 * {@code org.example.conformance.ConformanceServlet}, the suite's test-service protocol) that calls back a
 * recording server with the HTTP client of the subclass; what the callback receives is checked as the
 * suite checks it.
 *
 * <ul>
 *   <li>{@code test_*}: the 41 cases of {@code w3c/trace-context} {@code test/test.py} (TraceContextTest,
 *       AdvancedTest, TraceContext2Test) with {@code SPEC_LEVEL=2 STRICT_LEVEL=2}, same names, same headers,
 *       same assertions; the received {@code tracestate} is read with the suite's own grammar, so a member
 *       it would reject fails the case.</li>
 *   <li>{@code baggage_*}: the cases of {@code w3c/baggage} {@code test/test_baggage.py}, as a header sent
 *       to the service and the members the callee receives (the parser's and the writer's work in one).</li>
 * </ul>
 */
abstract class W3CConformanceContract {
  private static final String TRACE_ID = "12345678901234567890123456789012";
  private static final Pattern TRACEPARENT = Pattern.compile("^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$");
  // the suite's Tracestate class (tracecontext/tracestate.py)
  private static final String KEY = "[0-9a-z][_0-9a-z\\-\\*\\/@]{0,255}";
  private static final String VALUE = "[\\x20-\\x2b\\x2d-\\x3c\\x3e-\\x7e]{0,255}[\\x21-\\x2b\\x2d-\\x3c\\x3e-\\x7e]";
  private static final Pattern MEMBER = Pattern.compile("^(" + KEY + ")(=)(" + VALUE + ")$");
  private static final Pattern DELIMITER = Pattern.compile("[ \t]*,[ \t]*");

  private static HttpServer harness;
  private static final Map<String, Map<String, List<String>>> callbacks = new ConcurrentHashMap<>();
  private static int servicePort;

  /** The {@code ?client=} of the service: which instrumented client makes the callbacks. */
  abstract String client();

  @BeforeAll
  static void start() throws Exception {
    InProcessAgent.install();
    // by name, after the agent: see PropagationServiceTest
    servicePort = (Integer) Class.forName("org.example.conformance.ConformanceService")
        .getMethod("start", int.class).invoke(null, 0);
    harness = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    harness.createContext("/callback/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      Map<String, List<String>> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), new ArrayList<>(values)));
      callbacks.put(exchange.getRequestURI().getPath().substring("/callback/".length()), headers);
      byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    harness.start();
  }

  @AfterAll
  static void stop() throws Exception {
    harness.stop(0);
    Class.forName("org.example.conformance.ConformanceService").getMethod("stop").invoke(null);
  }

  @BeforeEach
  void reset() {
    InProcessAgent.reset();
  }

  // ================================================================== trace-context: TraceContextTest

  @Test
  void test_both_traceparent_and_tracestate_missing() throws Exception {
    single();
  }

  @Test
  void test_traceparent_included_tracestate_missing() throws Exception {
    Tc tc = single(h("traceparent", "00-12345678901234567890123456789012-1234567890123456-01"));
    assertThat(tc.traceId).isEqualTo(TRACE_ID);
    assertThat(tc.parentId).isNotEqualTo("1234567890123456");
    // and what a user sees in the backend: the server span continues the caller, the callee's parent is the client span
    List<SpanData> spans = InProcessAgent.awaitSpans(2, Duration.ofSeconds(10));
    SpanData server = spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
    SpanData client = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
    assertThat(server.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(server.getParentSpanId()).isEqualTo("1234567890123456");
    assertThat(client.getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(tc.parentId).isEqualTo(client.getSpanId());
  }

  @Test
  void test_traceparent_duplicated() throws Exception {
    Tc tc = single(h("traceparent", "00-12345678901234567890123456789011-1234567890123456-01"),
        h("traceparent", "00-12345678901234567890123456789012-1234567890123456-01"));
    assertThat(tc.traceId).isNotEqualTo("12345678901234567890123456789011").isNotEqualTo(TRACE_ID);
  }

  @Test
  void test_traceparent_header_name() throws Exception {
    assertThat(single(h("trace-parent", "00-12345678901234567890123456789012-1234567890123456-01")).traceId).isNotEqualTo(TRACE_ID);
    assertThat(single(h("trace.parent", "00-12345678901234567890123456789012-1234567890123456-01")).traceId).isNotEqualTo(TRACE_ID);
  }

  @Test
  void test_traceparent_header_name_valid_casing() throws Exception {
    for (String name : List.of("TraceParent", "TrAcEpArEnT", "TRACEPARENT")) {
      assertThat(single(h(name, "00-12345678901234567890123456789012-1234567890123456-01")).traceId).as(name).isEqualTo(TRACE_ID);
    }
  }

  @Test
  void test_traceparent_version_0x00() throws Exception {
    newTrace("00-12345678901234567890123456789012-1234567890123456-01.");
    newTrace("00-12345678901234567890123456789012-1234567890123456-01-what-the-future-will-be-like");
  }

  @Test
  void test_traceparent_version_0xcc() throws Exception {
    assertThat(single(h("traceparent", "cc-12345678901234567890123456789012-1234567890123456-01")).traceId).isEqualTo(TRACE_ID);
    assertThat(single(h("traceparent", "cc-12345678901234567890123456789012-1234567890123456-01-what-the-future-will-be-like"))
        .traceId).isEqualTo(TRACE_ID);
    newTrace("cc-12345678901234567890123456789012-1234567890123456-01.what-the-future-will-be-like");
  }

  @Test
  void test_traceparent_version_0xff() throws Exception {
    newTrace("ff-12345678901234567890123456789012-1234567890123456-01");
  }

  @Test
  void test_traceparent_version_illegal_characters() throws Exception {
    newTrace(".0-12345678901234567890123456789012-1234567890123456-01");
    newTrace("0.-12345678901234567890123456789012-1234567890123456-01");
  }

  @Test
  void test_traceparent_version_too_long() throws Exception {
    newTrace("000-12345678901234567890123456789012-1234567890123456-01");
    newTrace("0000-12345678901234567890123456789012-1234567890123456-01");
  }

  @Test
  void test_traceparent_version_too_short() throws Exception {
    newTrace("0-12345678901234567890123456789012-1234567890123456-01");
  }

  @Test
  void test_traceparent_trace_id_all_zero() throws Exception {
    assertThat(single(h("traceparent", "00-00000000000000000000000000000000-1234567890123456-01")).traceId)
        .isNotEqualTo("00000000000000000000000000000000");
  }

  @Test
  void test_traceparent_trace_id_illegal_characters() throws Exception {
    assertThat(single(h("traceparent", "00-.2345678901234567890123456789012-1234567890123456-01")).traceId)
        .isNotEqualTo(".2345678901234567890123456789012");
    assertThat(single(h("traceparent", "00-1234567890123456789012345678901.-1234567890123456-01")).traceId)
        .isNotEqualTo("1234567890123456789012345678901.");
  }

  @Test
  void test_traceparent_trace_id_too_long() throws Exception {
    assertThat(single(h("traceparent", "00-123456789012345678901234567890123-1234567890123456-01")).traceId)
        .isNotEqualTo("123456789012345678901234567890123").isNotEqualTo(TRACE_ID)
        .isNotEqualTo("23456789012345678901234567890123");
  }

  @Test
  void test_traceparent_trace_id_too_short() throws Exception {
    assertThat(single(h("traceparent", "00-1234567890123456789012345678901-1234567890123456-01")).traceId)
        .isNotEqualTo("1234567890123456789012345678901");
  }

  @Test
  void test_traceparent_parent_id_all_zero() throws Exception {
    newTrace("00-12345678901234567890123456789012-0000000000000000-01");
  }

  @Test
  void test_traceparent_parent_id_illegal_characters() throws Exception {
    newTrace("00-12345678901234567890123456789012-.234567890123456-01");
    newTrace("00-12345678901234567890123456789012-123456789012345.-01");
  }

  @Test
  void test_traceparent_parent_id_too_long() throws Exception {
    newTrace("00-12345678901234567890123456789012-12345678901234567-01");
  }

  @Test
  void test_traceparent_parent_id_too_short() throws Exception {
    newTrace("00-12345678901234567890123456789012-123456789012345-01");
  }

  @Test
  void test_traceparent_trace_flags_illegal_characters() throws Exception {
    newTrace("00-12345678901234567890123456789012-1234567890123456-.0");
    newTrace("00-12345678901234567890123456789012-1234567890123456-0.");
  }

  @Test
  void test_traceparent_trace_flags_too_long() throws Exception {
    newTrace("00-12345678901234567890123456789012-1234567890123456-001");
  }

  @Test
  void test_traceparent_trace_flags_too_short() throws Exception {
    newTrace("00-12345678901234567890123456789012-1234567890123456-1");
  }

  @Test
  void test_traceparent_ows_handling() throws Exception {
    for (String value : List.of(" 00-12345678901234567890123456789012-1234567890123456-01",
        "\t00-12345678901234567890123456789012-1234567890123456-01", "00-12345678901234567890123456789012-1234567890123456-01 ",
        "00-12345678901234567890123456789012-1234567890123456-01\t", "\t 00-12345678901234567890123456789012-1234567890123456-01 \t")) {
      assertThat(single(h("traceparent", value)).traceId).as(value).isEqualTo(TRACE_ID);
    }
  }

  @Test
  void test_tracestate_included_traceparent_missing() throws Exception {
    Tc one = single(h("tracestate", "foo=1"));
    Tc two = single(h("tracestate", "foo=1,bar=2"));
    assertThat(one.tracestate).hasSameSizeAs(two.tracestate);
    assertThat(one.tracestate).isEmpty(); // discarded: no traceparent
  }

  @Test
  void test_tracestate_included_traceparent_included() throws Exception {
    Tc tc = single(parent(), h("tracestate", "foo=1,bar=2"));
    assertThat(tc.traceId).isEqualTo(TRACE_ID);
    assertThat(tc.tracestate).containsEntry("foo", "1").containsEntry("bar", "2");
  }

  @Test
  void test_tracestate_header_name() throws Exception {
    assertThat(single(parent(), h("trace-state", "foo=1")).tracestate).doesNotContainKey("foo");
    assertThat(single(parent(), h("trace.state", "foo=1")).tracestate).doesNotContainKey("foo");
  }

  @Test
  void test_tracestate_header_name_valid_casing() throws Exception {
    for (String name : List.of("TraceState", "TrAcEsTaTe", "TRACESTATE")) {
      assertThat(single(parent(), h(name, "foo=1")).tracestate).as(name).containsEntry("foo", "1");
    }
  }

  @Test
  void test_tracestate_empty_header() throws Exception {
    Tc tc = single(parent(), h("tracestate", ""));
    assertThat(tc.lines).doesNotContain("");
    assertThat(tc.traceId).isEqualTo(TRACE_ID);
    tc = single(parent(), h("tracestate", "foo=1"), h("tracestate", ""));
    assertThat(tc.traceId).isEqualTo(TRACE_ID);
    assertThat(tc.tracestate).containsEntry("foo", "1");
    tc = single(parent(), h("tracestate", ""), h("tracestate", "foo=1"));
    assertThat(tc.traceId).isEqualTo(TRACE_ID);
    assertThat(tc.tracestate).containsEntry("foo", "1");
  }

  @Test
  void test_tracestate_multiple_headers_different_keys() throws Exception {
    Tc tc = single(parent(), h("tracestate", "foo=1,bar=2"), h("tracestate", "rojo=1,congo=2"), h("tracestate", "baz=3"));
    assertThat(tc.traceId).isEqualTo(TRACE_ID);
    String s = tc.joined();
    assertThat(s).contains("foo=1", "bar=2", "rojo=1", "congo=2", "baz=3");
    assertThat(s.indexOf("foo=1")).isLessThan(s.indexOf("bar=2"));
    assertThat(s.indexOf("bar=2")).isLessThan(s.indexOf("rojo=1"));
    assertThat(s.indexOf("rojo=1")).isLessThan(s.indexOf("congo=2"));
    assertThat(s.indexOf("congo=2")).isLessThan(s.indexOf("baz=3"));
  }

  @Test
  void test_tracestate_duplicated_keys() throws Exception {
    Tc tc = single(parent(), h("tracestate", "foo=1,foo=1"));
    assertThat(tc.traceId).isEqualTo(TRACE_ID);
    assertThat(tc.joined()).contains("foo=1");
    tc = single(parent(), h("tracestate", "foo=1,foo=2"));
    assertThat(tc.traceId).isEqualTo(TRACE_ID);
    assertThat(tc.joined()).isEqualTo("foo=1"); // the suite accepts foo=1 or foo=2; Spanwise keeps the first
    tc = single(parent(), h("tracestate", "foo=1"), h("tracestate", "foo=1"));
    assertThat(tc.traceId).isEqualTo(TRACE_ID);
    assertThat(tc.joined()).contains("foo=1");
    tc = single(parent(), h("tracestate", "foo=1"), h("tracestate", "foo=2"));
    assertThat(tc.traceId).isEqualTo(TRACE_ID);
    assertThat(tc.joined()).isEqualTo("foo=1");
  }

  @Test
  void test_tracestate_all_allowed_characters() throws Exception {
    String keyWithoutVendor = "abcdefghijklmnopqrstuvwxyz0123456789_-*/";
    String keyWithVendor = keyWithoutVendor + "@a-z0-9_-*/";
    String value = IntStream.rangeClosed(0x20, 0x7e).filter(c -> c != 0x2c && c != 0x3d)
        .mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining());
    assertThat(single(parent(), h("tracestate", keyWithoutVendor + "=" + value)).tracestate).containsEntry(keyWithoutVendor, value);
    assertThat(single(parent(), h("tracestate", keyWithVendor + "=" + value)).tracestate).containsEntry(keyWithVendor, value);
  }

  @Test
  void test_tracestate_ows_handling() throws Exception {
    for (String value : List.of("foo=1 \t , \t bar=2, \t baz=3", "foo=1\t \t,\t \tbar=2,\t \tbaz=3")) {
      assertThat(single(parent(), h("tracestate", value)).tracestate)
          .containsEntry("foo", "1").containsEntry("bar", "2").containsEntry("baz", "3");
    }
    for (String value : List.of(" foo=1", "\tfoo=1", "foo=1 ", "foo=1\t", "\t foo=1 \t")) {
      Tc tc = single(parent(), h("tracestate", value));
      assertThat(tc.traceId).isEqualTo(TRACE_ID);
      assertThat(tc.tracestate).as(value).containsEntry("foo", "1");
    }
  }

  @Test
  void test_tracestate_key_illegal_characters() throws Exception {
    assertThat(single(parent(), h("tracestate", "foo =1")).tracestate).doesNotContainKey("foo ");
    assertThat(single(parent(), h("tracestate", "FOO=1")).tracestate).doesNotContainKey("FOO");
    assertThat(single(parent(), h("tracestate", "foo.bar=1")).tracestate).doesNotContainKey("foo.bar");
  }

  @Test
  void test_tracestate_key_illegal_vendor_format() throws Exception {
    assertThat(single(parent(), h("tracestate", "foo@=1,bar=2")).tracestate).containsEntry("foo@", "1").containsEntry("bar", "2");
    assertThat(single(parent(), h("tracestate", "@foo=1,bar=2")).tracestate).doesNotContainKey("bar");
    assertThat(single(parent(), h("tracestate", "foo@@bar=1,bar=2")).tracestate).containsEntry("foo@@bar", "1").containsEntry("bar", "2");
    assertThat(single(parent(), h("tracestate", "foo@bar@baz=1,bar=2")).tracestate).containsEntry("foo@bar@baz", "1")
        .containsEntry("bar", "2");
  }

  @Test
  void test_tracestate_member_count_limit() throws Exception {
    String[] lines = {
        "bar01=01,bar02=02,bar03=03,bar04=04,bar05=05,bar06=06,bar07=07,bar08=08,bar09=09,bar10=10",
        "bar11=11,bar12=12,bar13=13,bar14=14,bar15=15,bar16=16,bar17=17,bar18=18,bar19=19,bar20=20",
        "bar21=21,bar22=22,bar23=23,bar24=24,bar25=25,bar26=26,bar27=27,bar28=28,bar29=29,bar30=30"};
    Tc tc = single(parent(), h("tracestate", lines[0]), h("tracestate", lines[1]), h("tracestate", lines[2]),
        h("tracestate", "bar31=31,bar32=32"));
    assertThat(tc.tracestate).containsEntry("bar01", "01").hasSize(32);
    tc = single(parent(), h("tracestate", lines[0]), h("tracestate", lines[1]), h("tracestate", lines[2]),
        h("tracestate", "bar31=31,bar32=32,bar33=33"));
    assertThat(tc.tracestate).doesNotContainKey("bar01");
  }

  @Test
  void test_tracestate_key_length_limit() throws Exception {
    for (String key : List.of("z".repeat(256), "t".repeat(241) + "@" + "v".repeat(14), "t".repeat(242) + "@v", "t@" + "v".repeat(15))) {
      assertThat(single(parent(), h("tracestate", "foo=1"), h("tracestate", key + "=1")).tracestate).as(key)
          .containsEntry("foo", "1").containsEntry(key, "1");
    }
    assertThat(single(parent(), h("tracestate", "foo=1"), h("tracestate", "z".repeat(257) + "=1")).tracestate)
        .doesNotContainKey("foo");
  }

  @Test
  void test_tracestate_value_illegal_characters() throws Exception {
    assertThat(single(parent(), h("tracestate", "foo=bar=baz")).tracestate).doesNotContainKey("foo");
    assertThat(single(parent(), h("tracestate", "foo=,bar=3")).tracestate).doesNotContainKeys("foo", "bar");
  }

  // ================================================================== trace-context: AdvancedTest

  @Test
  void test_multiple_requests_with_valid_traceparent() throws Exception {
    List<Tc> all = make(3, h("traceparent", "00-12345678901234567890123456789012-1234567890123456-01"));
    assertThat(all.stream().map(tc -> tc.traceId).distinct()).containsExactly(TRACE_ID);
    assertThat(all.stream().map(tc -> tc.parentId).distinct()).hasSize(3);
  }

  @Test
  void test_multiple_requests_without_traceparent() throws Exception {
    assertThat(make(3).stream().map(tc -> tc.parentId).distinct()).hasSize(3);
  }

  @Test
  void test_multiple_requests_with_illegal_traceparent() throws Exception {
    List<Tc> all = make(3, h("traceparent", "00-00000000000000000000000000000000-1234567890123456-01"));
    assertThat(all.stream().map(tc -> tc.traceId)).doesNotContain("00000000000000000000000000000000");
    assertThat(all.stream().map(tc -> tc.parentId).distinct()).hasSize(3);
  }

  // ================================================================== trace-context: TraceContext2Test

  @Test
  void test_propagates_random_flag() throws Exception {
    Tc tc = single(h("traceparent", "00-12345678901234567890123456789012-1234567890123456-02"));
    assertThat(tc.traceId).isEqualTo(TRACE_ID);
    assertThat(tc.parentId).isNotEqualTo("1234567890123456");
    assertThat(Integer.parseInt(tc.flags, 16) & 0x02).as("random flag").isEqualTo(0x02);
  }

  // ================================================================== baggage: test_baggage.py

  /** {@code urllib.parse.quote("\t \"';=asdf!@#$%^&*()")}, as the suite builds it. */
  private static final String ENCODED = "%09%20%22%27%3B%3Dasdf%21%40%23%24%25%5E%26%2A%28%29";

  @Test
  void baggage_BaggageTest_test_ctor_default() throws Exception {
    assertThat(make(1, parent()).get(0).headers).doesNotContainKey("baggage");
  }

  @Test
  void baggage_test_parse_simple() throws Exception {
    assertBaggage("SomeKey=SomeValue", "SomeKey=SomeValue");
  }

  @Test
  void baggage_test_parse_multiple() throws Exception {
    assertBaggage("SomeKey=SomeValue;SomeProp,SomeKey2=SomeValue2;ValueProp=PropVal",
        "SomeKey=SomeValue;SomeProp", "SomeKey2=SomeValue2;ValueProp=PropVal");
  }

  @Test
  void baggage_test_parse_multiple_ows() throws Exception {
    assertBaggage("SomeKey \t = \t SomeValue \t ; \t SomeProp \t , \t SomeKey2 \t = \t SomeValue2 \t ; \t ValueProp \t = \t PropVal",
        "SomeKey=SomeValue;SomeProp", "SomeKey2=SomeValue2;ValueProp=PropVal");
  }

  @Test
  void baggage_test_parse_multiple_kv_property() throws Exception {
    assertBaggage("SomeKey=SomeValue;SomePropKey=SomePropValue,SomeKey2=SomeValue2;SomePropKey2=SomePropValue2",
        "SomeKey=SomeValue;SomePropKey=SomePropValue", "SomeKey2=SomeValue2;SomePropKey2=SomePropValue2");
  }

  @Test
  void baggage_test_parse_multiple_kv_property_ows() throws Exception {
    assertBaggage("SomeKey \t = \t SomeValue \t ; \t SomePropKey=SomePropValue \t , \t SomeKey2 \t = \t SomeValue2 \t ; \t "
        + "SomePropKey2 \t = \t SomePropValue2",
        "SomeKey=SomeValue;SomePropKey=SomePropValue", "SomeKey2=SomeValue2;SomePropKey2=SomePropValue2");
  }

  @Test
  void baggage_BaggageEntryTest_test_ctor_default_and_test_parse_simple() throws Exception {
    assertBaggage("SomeKey=SomeValue", "SomeKey=SomeValue");
  }

  @Test
  void baggage_test_parse_multiple_equals() throws Exception {
    assertBaggage("SomeKey=SomeValue=equals", "SomeKey=SomeValue%3Dequals");
  }

  @Test
  void baggage_test_parse_percent_encoded() throws Exception {
    assertBaggage("SomeKey=" + ENCODED, "SomeKey=" + ENCODED);
  }

  @Test
  void baggage_test_parse_property() throws Exception {
    assertBaggage("SomeKey=SomeValue;SomeProp", "SomeKey=SomeValue;SomeProp");
  }

  @Test
  void baggage_test_parse_multi_property() throws Exception {
    assertBaggage("SomeKey=SomeValue;SomeProp;SecondProp=PropValue", "SomeKey=SomeValue;SomeProp;SecondProp=PropValue");
  }

  @Test
  void baggage_test_parse_multiple_properties_same_name() throws Exception {
    assertBaggage("SomeKey=SomeValue;SomeProp;SomeProp=PropValue;SomeProp=AnotherPropValue",
        "SomeKey=SomeValue;SomeProp;SomeProp=PropValue;SomeProp=AnotherPropValue");
  }

  @Test
  void baggage_test_parse_kv_property() throws Exception {
    assertBaggage("SomeKey=SomeValue;SomePropKey=SomePropValue", "SomeKey=SomeValue;SomePropKey=SomePropValue");
  }

  @Test
  void baggage_test_parse_simple_ows() throws Exception {
    assertBaggage("SomeKey \t = \t SomeValue \t ", "SomeKey=SomeValue");
  }

  @Test
  void baggage_test_parse_percent_encoded_ows() throws Exception {
    assertBaggage("SomeKey \t = \t " + ENCODED + " \t ", "SomeKey=" + ENCODED);
  }

  @Test
  void baggage_test_parse_property_ows() throws Exception {
    assertBaggage("SomeKey \t = \t SomeValue \t ; \t SomeProp", "SomeKey=SomeValue;SomeProp");
  }

  @Test
  void baggage_test_parse_multi_property_ows() throws Exception {
    assertBaggage("SomeKey \t = \t SomeValue \t ; \t SomeProp \t ; \t SecondProp \t = \t PropValue",
        "SomeKey=SomeValue;SomeProp;SecondProp=PropValue");
  }

  @Test
  void baggage_test_parse_kv_property_ows() throws Exception {
    assertBaggage("SomeKey \t = \t SomeValue \t ; \t SomePropKey \t = \t SomePropValue", "SomeKey=SomeValue;SomePropKey=SomePropValue");
  }

  @Test
  void baggage_test_parse_percent_encoded_property() throws Exception {
    assertBaggage("SomeKey=SomeValue;SomePropKey=" + ENCODED, "SomeKey=SomeValue;SomePropKey=" + ENCODED);
  }

  @Test
  void baggage_test_parse_property_without_value_no_percent_decoding() throws Exception {
    assertBaggage("SomeKey=SomeValue;ValueProp%20%09%20%3D%20%09%20PropVal", "SomeKey=SomeValue;ValueProp%20%09%20%3D%20%09%20PropVal");
  }

  @Test
  void baggage_test_serialize_at_least_64() throws Exception {
    String header = IntStream.range(0, 64).mapToObj(x -> "key" + x + "=value").collect(Collectors.joining(","));
    assertThat(baggageMembers(header)).hasSize(64);
  }

  @Test
  void baggage_test_serialize_long_entry() throws Exception {
    String header = "a=" + "0123456789".repeat(819);
    assertThat(header).hasSize(8192);
    assertThat(baggageLines(header)).containsExactly(header);
  }

  @Test
  void baggage_test_serialize_many_entries() throws Exception {
    String header = IntStream.range(0, 512).mapToObj(x -> String.format("%03d=0123456789a", x)).collect(Collectors.joining(","));
    List<String> lines = baggageLines(header);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0) + "b").hasSize(8192);
    assertThat(lines.get(0).split(",")).hasSize(512);
  }

  @Test
  void baggage_beyond_8192_bytes_whole_members_are_dropped() throws Exception {
    String header = "a=" + "0123456789".repeat(819) + ",b=1";
    List<String> members = baggageMembers(header);
    assertThat(String.join(",", members).length()).isLessThanOrEqualTo(8192);
    assertThat(members).hasSize(1).allMatch(m -> m.equals("b=1") || m.equals("a=" + "0123456789".repeat(819)));
  }

  // ------------------------------------------------------------------ helpers

  private void assertBaggage(String sent, String... received) throws Exception {
    assertThat(baggageMembers(sent)).containsExactlyInAnyOrder(received);
  }

  private List<String> baggageMembers(String sent) throws Exception {
    List<String> members = new ArrayList<>();
    for (String line : baggageLines(sent)) {
      members.addAll(List.of(line.split(",")));
    }
    return members;
  }

  private List<String> baggageLines(String sent) throws Exception {
    Tc tc = make(1, parent(), h("baggage", sent)).get(0);
    assertThat(tc.traceId).isEqualTo(TRACE_ID);
    return tc.headers.getOrDefault("baggage", List.of());
  }

  private static String[] parent() {
    return h("traceparent", "00-12345678901234567890123456789012-1234567890123456-00");
  }

  private static String[] h(String name, String value) {
    return new String[] {name, value};
  }

  private void newTrace(String traceparent) throws Exception {
    assertThat(single(h("traceparent", traceparent)).traceId).as(traceparent).isNotEqualTo(TRACE_ID);
  }

  private Tc single(String[]... headers) throws Exception {
    return make(1, headers).get(0);
  }

  /**
   * The suite's {@code make_request}: POSTs the harness body with {@code count} callbacks to the service over
   * a raw socket, with exactly these header lines, and returns each callback's trace context.
   */
  private List<Tc> make(int count, String[]... headers) throws Exception {
    String scope = UUID.randomUUID().toString().replace("-", "");
    String body = IntStream.range(0, count)
        .mapToObj(i -> "{\"url\": \"http://127.0.0.1:" + harness.getAddress().getPort() + "/callback/" + scope + "." + i
            + "\", \"arguments\": []}")
        .collect(Collectors.joining(", ", "[", "]"));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder request = new StringBuilder("POST /test?client=" + client() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Connection: close\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n");
    for (String[] header : headers) {
      request.append(header[0]).append(": ").append(header[1]).append("\r\n");
    }
    request.append("\r\n");
    String response;
    try (Socket socket = new Socket("127.0.0.1", servicePort)) {
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.write(bytes);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      response = all.toString(StandardCharsets.UTF_8);
    }
    assertThat(response).as("service response").startsWith("HTTP/1.1 200");
    List<Tc> result = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, List<String>> received = callbacks.remove(scope + "." + i);
      assertThat(received).as("your test service failed to make a callback to the test harness").isNotNull();
      result.add(new Tc(received));
    }
    return result;
  }

  /** What a callback received, read as the suite reads it. */
  static final class Tc {
    final Map<String, List<String>> headers;
    final String traceId;
    final String parentId;
    final String flags;
    final List<String> lines;
    final Map<String, String> tracestate = new LinkedHashMap<>();

    Tc(Map<String, List<String>> headers) {
      this.headers = headers;
      List<String> traceparent = headers.getOrDefault("traceparent", List.of());
      assertThat(traceparent).as("expect one traceparent header").hasSize(1);
      Matcher m = TRACEPARENT.matcher(traceparent.get(0));
      assertThat(m.matches()).as(traceparent.get(0)).isTrue();
      assertThat(m.group(1)).isEqualTo("00");
      traceId = m.group(2);
      parentId = m.group(3);
      flags = m.group(4);
      lines = headers.getOrDefault("tracestate", List.of());
      for (String line : lines) {
        for (String member : DELIMITER.split(line)) {
          if (member.isEmpty()) {
            continue;
          }
          Matcher mm = MEMBER.matcher(member);
          assertThat(mm.matches()).as("illegal key-value format %s", member).isTrue();
          tracestate.putIfAbsent(mm.group(1), mm.group(3));
        }
      }
    }

    String joined() {
      return String.join(",", lines);
    }
  }
}
