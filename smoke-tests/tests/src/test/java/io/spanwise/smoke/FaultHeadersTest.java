package io.spanwise.smoke;

import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.smoke.support.ChildJvm;
import io.spanwise.smoke.support.Jdk;
import io.spanwise.smoke.support.OtlpReceiver;
import io.spanwise.smoke.support.ReceivedSpan;
import io.spanwise.smoke.support.RecordingHttpServer;
import io.spanwise.smoke.support.SmokeEnv;
import io.spanwise.smoke.support.SmokeTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * 10,000 requests with seeded random {@code traceparent}, {@code tracestate} and {@code baggage} headers:
 * valid, malformed, oversized, duplicated and binary, over raw sockets, to the demo with the agent and to
 * the demo without it. Every response has the status it has without the agent; no stack trace is printed;
 * no exported SERVER span has a parent that was not sent as a valid {@code traceparent}; and what the
 * agent forwards to the downstream service ({@code GET /ship}) is always well-formed.
 *
 * <p>{@code -Dspanwise.faults.seed=N} replays a run (the seed is printed); {@code
 * -Dspanwise.faults.header-requests=N} changes the count.
 */
class FaultHeadersTest extends SmokeTest {
  static final int REQUESTS = Integer.getInteger("spanwise.faults.header-requests", 10_000);
  static final long SEED = Long.getLong("spanwise.faults.seed", 17);

  static final Pattern TRACEPARENT = Pattern.compile("00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");
  /** W3C Trace Context Level 2 (which allows any number of {@code @} in a key). */
  private static final String KEY = "[a-z0-9][_0-9a-z\\-*/@]{0,255}";
  private static final String VALUE = "[\\x20-\\x2b\\x2d-\\x3c\\x3e-\\x7e]{0,255}[\\x21-\\x2b\\x2d-\\x3c\\x3e-\\x7e]";
  static final Pattern TRACESTATE_MEMBER = Pattern.compile("[ \\t]*(?:" + KEY + "=" + VALUE + ")?[ \\t]*");
  private static final String TOKEN = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]+";
  private static final String BAGGAGE_VALUE = "[\\x21\\x23-\\x2b\\x2d-\\x3a\\x3c-\\x5b\\x5d-\\x7e]*";
  static final Pattern BAGGAGE_MEMBER = Pattern.compile("[ \\t]*" + TOKEN + "[ \\t]*=[ \\t]*" + BAGGAGE_VALUE
      + "[ \\t]*(?:;[ \\t]*" + TOKEN + "[ \\t]*(?:=[ \\t]*" + BAGGAGE_VALUE + "[ \\t]*)?)*");

  /** One request: its path and its extra header lines (raw, ISO-8859-1). */
  static final class Request {
    final String path;
    final List<String[]> headers = new ArrayList<>();
    /** The trace ids and parent ids of its valid traceparent headers (duplicates may hold two). */
    final List<String> traceIds = new ArrayList<>();
    final List<String> parentIds = new ArrayList<>();

    Request(String path) {
      this.path = path;
    }
  }

  @Test
  void everyResponseIsAsWithoutTheAgentAndNothingInvalidIsPropagated() throws Exception {
    System.out.println("FaultHeadersTest: seed " + SEED + " (-Dspanwise.faults.seed=" + SEED + " replays it)");
    List<Request> requests = generate(new Random(SEED), REQUESTS);

    OtlpReceiver receiver = track(OtlpReceiver.start());
    RecordingHttpServer downstream = track(RecordingHttpServer.start());
    RecordingHttpServer downstreamWithout = track(RecordingHttpServer.start());
    ChildJvm withAgent = track(demo(Jdk.current(), receiver)
        .args("--port", "0", "--shipping-url", downstream.baseUrl())
        .start());
    ChildJvm withoutAgent = track(app("demo-without-agent").noAgent().jar(SmokeEnv.demoJar())
        .args("--port", "0", "--shipping-url", downstreamWithout.baseUrl())
        .start());
    int port = withAgent.awaitPort();
    int portWithout = withoutAgent.awaitPort();

    // The same requests to both at once.
    long start = System.nanoTime();
    java.util.concurrent.CompletableFuture<int[]> without =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> send(portWithout, requests));
    int[] statuses = send(port, requests);
    int[] expected = without.join();
    Map<Integer, Integer> counts = new java.util.TreeMap<>();
    for (int status : statuses) {
      counts.merge(status, 1, Integer::sum);
    }
    System.out.println("FaultHeadersTest: " + requests.size() + " requests to each in "
        + (System.nanoTime() - start) / 1_000_000 + " ms; statuses " + counts);
    List<String> differences = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      if (statuses[i] != expected[i]) {
        differences.add("#" + i + " " + requests.get(i).path + " " + describe(requests.get(i)) + ": " + statuses[i]
            + " with the agent, " + expected[i] + " without");
      }
    }
    assertThat(differences).as("responses that differ from the app without the agent (seed %d)", SEED).isEmpty();

    // Spans: a SERVER span's parent is always the one a valid traceparent named.
    Map<String, List<String>> parentsByTraceId = new HashMap<>();
    for (Request r : requests) {
      for (String traceId : r.traceIds) {
        parentsByTraceId.computeIfAbsent(traceId, t -> new ArrayList<>()).addAll(r.parentIds);
      }
    }
    receiver.awaitMatching(s -> s.kind() == SPAN_KIND_SERVER, REQUESTS / 2, "SERVER spans", Duration.ofSeconds(60));
    withAgent.stop();
    List<ReceivedSpan> spans = receiver.spans();
    for (ReceivedSpan span : spans) {
      assertThat(span.traceId()).as("%s", span).matches("(?!0{32})[0-9a-f]{32}");
      assertThat(span.spanId()).as("%s", span).matches("(?!0{16})[0-9a-f]{16}");
      if (span.hasParent()) {
        assertThat(span.parentSpanId()).as("%s", span).matches("(?!0{16})[0-9a-f]{16}");
      }
      if (span.kind() == SPAN_KIND_SERVER && span.hasParent()) {
        assertThat(parentsByTraceId.getOrDefault(span.traceId(), List.of()))
            .as("the parents valid traceparent headers named for the trace of %s (seed %d)", span, SEED)
            .contains(span.parentSpanId());
      }
    }
    assertThat(spans.stream().filter(s -> s.kind() == SPAN_KIND_SERVER && s.hasParent()).count())
        .as("SERVER spans continuing a caller's trace").isPositive();

    // What went downstream.
    List<Map<String, List<String>>> forwarded = downstream.requests();
    System.out.println("FaultHeadersTest: " + forwarded.size() + " calls downstream, "
        + forwarded.stream().filter(h -> h.containsKey("tracestate")).count() + " with tracestate, "
        + forwarded.stream().filter(h -> h.containsKey("baggage")).count() + " with baggage; "
        + spans.size() + " spans exported");
    assertThat(forwarded).as("calls to the downstream service").isNotEmpty();
    for (Map<String, List<String>> headers : forwarded) {
      List<String> traceparent = headers.getOrDefault("traceparent", List.of());
      assertThat(traceparent).as("traceparent sent downstream (seed %d)", SEED).hasSize(1);
      assertThat(traceparent.get(0)).matches(TRACEPARENT);
      List<String> tracestate = headers.getOrDefault("tracestate", List.of());
      assertThat(tracestate).as("tracestate sent downstream").hasSizeLessThanOrEqualTo(1);
      for (String value : tracestate) {
        String[] members = value.split(",", -1);
        assertThat(members.length).as("tracestate members in %s", value).isLessThanOrEqualTo(32);
        for (String member : members) {
          assertThat(member).as("a tracestate member of %s (seed %d)", value, SEED).matches(TRACESTATE_MEMBER);
        }
      }
      List<String> baggage = headers.getOrDefault("baggage", List.of());
      assertThat(baggage).as("baggage sent downstream").hasSizeLessThanOrEqualTo(1);
      for (String value : baggage) {
        assertThat(value.length()).as("baggage length").isLessThanOrEqualTo(8192);
        for (String member : value.split(",", -1)) {
          assertThat(member).as("a baggage member of %s (seed %d)", value, SEED).matches(BAGGAGE_MEMBER);
        }
      }
    }
    assertThat(downstreamWithout.requests()).allSatisfy(h -> assertThat(h).doesNotContainKeys("traceparent"));

    List<String> output = new ArrayList<>(withAgent.stdoutLines());
    output.addAll(withAgent.stderrLines());
    assertThat(exceptionOutput(output)).as(withAgent.describe()).isEmpty();
    assertThat(agentLines(withAgent.stderrLines())).as("the agent's log").noneMatch(l -> l.contains("Exception"));
  }

  // ------------------------------------------------------------------ the requests

  static List<Request> generate(Random random, int count) {
    List<Request> requests = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int kind = random.nextInt(4);
      Request r = new Request(kind == 0 ? "/ship?item=book" : kind == 1 ? "/orders/42" : "/");
      int headers = random.nextInt(4);
      for (int h = 0; h < headers; h++) {
        int which = random.nextInt(3);
        int copies = random.nextInt(8) == 0 ? 2 : 1; // duplicated
        for (int c = 0; c < copies; c++) {
          switch (which) {
            case 0: {
              String value = traceparent(random);
              r.headers.add(new String[] {random.nextInt(10) == 0 ? "TraceParent" : "traceparent", value});
              java.util.regex.Matcher m = validTraceparent(value);
              if (m != null) {
                r.traceIds.add(m.group(2));
                r.parentIds.add(m.group(3));
              }
              break;
            }
            case 1:
              r.headers.add(new String[] {"tracestate", tracestate(random)});
              break;
            default:
              r.headers.add(new String[] {"baggage", baggage(random)});
          }
        }
      }
      requests.add(r);
    }
    return requests;
  }

  private static final Pattern PARSEABLE =
      Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");

  /**
   * The W3C rules: lower-case hex, version ff invalid, version 00 exactly four fields, a later version
   * may have more; ids not all zero. HTTP trims the spaces around a header value. Null when invalid.
   */
  static java.util.regex.Matcher validTraceparent(String raw) {
    java.util.regex.Matcher m = PARSEABLE.matcher(raw.replaceAll("^[ \\t]+|[ \\t]+$", ""));
    if (!m.matches() || m.group(1).equals("ff") || (m.group(1).equals("00") && m.group(5) != null)
        || m.group(2).equals("0".repeat(32)) || m.group(3).equals("0".repeat(16))) {
      return null;
    }
    return m;
  }

  private static String hex(Random random, int chars) {
    StringBuilder sb = new StringBuilder(chars);
    for (int i = 0; i < chars; i++) {
      sb.append("0123456789abcdef".charAt(random.nextInt(16)));
    }
    return sb.toString();
  }

  private static String binary(Random random, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int b;
      do {
        b = random.nextInt(256);
      } while (b == '\r' || b == '\n');
      sb.append((char) b);
    }
    return sb.toString();
  }

  static String traceparent(Random random) {
    String traceId = hex(random, 32);
    String spanId = hex(random, 16);
    switch (random.nextInt(14)) {
      case 0: case 1: case 2: case 3:
        return "00-" + traceId + "-" + spanId + "-0" + random.nextInt(2);
      case 4:
        return ("00-" + traceId + "-" + spanId + "-01").toUpperCase(java.util.Locale.ROOT);
      case 5:
        return "ff-" + traceId + "-" + spanId + "-01";
      case 6:
        return "cc-" + traceId + "-" + spanId + "-01-" + hex(random, 8); // a future version
      case 7:
        return "00-" + "0".repeat(32) + "-" + spanId + "-01";
      case 8:
        return "00-" + traceId + "-" + "0".repeat(16) + "-01";
      case 9:
        return "00-" + traceId.substring(0, 31) + "-" + spanId + "-01";
      case 10:
        return "00-" + traceId + "-" + spanId + "-01" + "x".repeat(random.nextInt(2) == 0 ? 1 : 9000);
      case 11:
        return binary(random, 1 + random.nextInt(80));
      case 12:
        return "00-" + traceId.replace('a', 'g') + "-" + spanId + "-01";
      default:
        return " 00-" + traceId + "-" + spanId + "-01 ";
    }
  }

  static String tracestate(Random random) {
    switch (random.nextInt(8)) {
      case 0: case 1:
        return "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE";
      case 2: {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40; i++) {
          sb.append(i == 0 ? "" : ",").append("k").append(i).append("=v").append(i);
        }
        return sb.toString(); // more than 32 members
      }
      case 3:
        return "UPPER=1,=empty,key=va=lue,k\u00e9y=x";
      case 4:
        return "a=" + "v".repeat(random.nextInt(2) == 0 ? 300 : 9000);
      case 5:
        return binary(random, 1 + random.nextInt(80));
      case 6:
        return "rojo=1,, ,congo=2,rojo=3";
      default:
        return "tenant@vendor=ok,t@=level2,@x=bad,1=ok";
    }
  }

  static String baggage(Random random) {
    switch (random.nextInt(8)) {
      case 0: case 1:
        return "userId=alice,serverNode=DF%2028,isProduction=false;type=bool";
      case 2: {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200; i++) {
          sb.append(i == 0 ? "" : ",").append("k").append(i).append("=v").append(i);
        }
        return sb.toString(); // more than 64 members
      }
      case 3:
        return "k=" + "v".repeat(random.nextInt(2) == 0 ? 5000 : 9000);
      case 4:
        return "bad key=1,k=%zz,=novalue,k2=\"quoted\",k3";
      case 5:
        return binary(random, 1 + random.nextInt(80));
      case 6:
        return "k=v;;;p=,k=v2, , ,k4=v\u00e94";
      default:
        return "a=1;prop;p2=x,b=%F0%9F%98%80";
    }
  }

  private static String describe(Request r) {
    StringBuilder sb = new StringBuilder();
    for (String[] h : r.headers) {
      String v = h[1].length() > 60 ? h[1].substring(0, 60) + "...(" + h[1].length() + ")" : h[1];
      sb.append(h[0]).append(": ").append(v.replaceAll("[^\\x20-\\x7e]", "?")).append("; ");
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------ raw HTTP

  /** Sends every request (4 at a time, one connection each); returns the statuses in order (-1: none). */
  static int[] send(int port, List<Request> requests) {
    int[] statuses = new int[requests.size()];
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int first = t;
        futures.add(pool.submit(() -> {
          for (int i = first; i < requests.size(); i += 4) {
            statuses[i] = sendOne(port, requests.get(i));
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      pool.shutdownNow();
    }
    return statuses;
  }

  private static int sendOne(int port, Request request) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(30_000);
      StringBuilder sb = new StringBuilder()
          .append("GET ").append(request.path).append(" HTTP/1.1\r\n")
          .append("Host: 127.0.0.1:").append(port).append("\r\n")
          .append("Connection: close\r\n");
      for (String[] h : request.headers) {
        sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
      }
      sb.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      String status = in.readLine();
      while (in.readLine() != null) {
        // the whole response
      }
      return status == null || status.length() < 12 ? -1 : Integer.parseInt(status.substring(9, 12));
    } catch (IOException e) {
      return -1;
    }
  }
}
