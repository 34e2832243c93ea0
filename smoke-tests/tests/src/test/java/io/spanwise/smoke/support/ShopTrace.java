package io.spanwise.smoke.support;

import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT;
import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a user must see for one request to the checkout of the plain-servlet shops (the embedded Tomcat app
 * and the WAR): the caller's trace continued by one SERVER span, its database and HTTP CLIENT spans
 * under it, and the downstream {@code /inventory} request a SERVER span under that CLIENT span, with its
 * own database span, having received a {@code traceparent} naming the CLIENT span.
 */
public final class ShopTrace {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The caller's side of a request: a {@code traceparent} of a new trace, sampled. */
  public record Caller(String traceId, String spanId) {
    public static Caller random() {
      byte[] trace = new byte[16];
      byte[] span = new byte[8];
      RANDOM.nextBytes(trace);
      RANDOM.nextBytes(span);
      trace[0] |= 0x10; // never all zeros
      span[0] |= 0x10;
      return new Caller(HexFormat.of().formatHex(trace), HexFormat.of().formatHex(span));
    }

    public String traceparent() {
      return "00-" + traceId + "-" + spanId + "-01";
    }
  }

  /** The spans of one checkout request. */
  public record Checkout(ReceivedSpan server, ReceivedSpan query, ReceivedSpan call,
      ReceivedSpan inventory, ReceivedSpan inventoryQuery) {}

  private ShopTrace() {}

  /**
   * Waits for the spans of the checkout request sent as {@code caller} and checks their shape.
   *
   * @param checkoutPath the {@code url.path} of the checkout request
   * @param inventoryPath the {@code url.path} of the downstream request
   * @param body what the checkout answered: it carries the {@code traceparent} the inventory received
   */
  public static Checkout assertCheckout(TraceReceiver receiver, Caller caller, String checkoutPath,
      String inventoryPath, String body) {
    ReceivedSpan server = receiver.awaitSpan(server(caller, checkoutPath),
        "a SERVER span for " + checkoutPath + " in the caller's trace " + caller.traceId());
    assertServer(server, "GET", 200L);
    assertThat(server.parentSpanId()).as("parent of %s: the caller's span", server).isEqualTo(caller.spanId());

    ReceivedSpan query = receiver.awaitSpan(database(server, "FROM items"),
        "the price query's CLIENT span under " + server);
    ReceivedSpan call = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_CLIENT && s.isChildOf(server)
        && String.valueOf(s.attribute("url.full")).contains(inventoryPath), "the HTTP CLIENT span under " + server);
    assertThat(call.name()).isEqualTo("GET");
    assertThat(call.attributes())
        .containsEntry("http.request.method", "GET")
        .containsEntry("http.response.status_code", 200L);

    ReceivedSpan inventory = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_SERVER && s.isChildOf(call),
        "the " + inventoryPath + " SERVER span under " + call);
    assertServer(inventory, "GET", 200L);
    assertThat(inventory.attribute("url.path")).isEqualTo(inventoryPath);
    ReceivedSpan inventoryQuery = receiver.awaitSpan(database(inventory, "FROM stock"),
        "the stock query's CLIENT span under " + inventory);

    // what the downstream received names the CLIENT span, in the caller's trace
    assertThat(body).contains("traceparent=00-" + caller.traceId() + "-" + call.spanId() + "-01");
    return new Checkout(server, query, call, inventory, inventoryQuery);
  }

  /** After the app stopped (all spans flushed): the trace holds exactly the five spans, nothing twice. */
  public static void assertWholeTrace(TraceReceiver receiver, Caller caller) {
    List<ReceivedSpan> trace = receiver.trace(caller.traceId());
    assertThat(trace).as("the spans of trace %s\n%s", caller.traceId(), receiver.describe())
        .hasSize(5)
        .filteredOn(s -> s.kind() == SPAN_KIND_SERVER).hasSize(2);
  }

  /** No span of a request's work escaped into a trace of its own (spans made at start-up may be roots). */
  public static void assertNoOrphans(TraceReceiver receiver) {
    assertThat(receiver.spans(s -> !s.hasParent() && (isRequestQuery(s) || s.attribute("url.full") != null)))
        .as("database and HTTP client spans of requests that are roots of their own traces\n%s",
            receiver.describe())
        .isEmpty();
  }

  public static Predicate<ReceivedSpan> server(Caller caller, String path) {
    return s -> s.kind() == SPAN_KIND_SERVER && s.traceId().equals(caller.traceId())
        && path.equals(s.attribute("url.path"));
  }

  public static void assertServer(ReceivedSpan server, String method, long status) {
    assertThat(server.kind()).isEqualTo(SPAN_KIND_SERVER);
    assertThat(server.attributes())
        .as("%s", server)
        .containsEntry("http.request.method", method)
        .containsEntry("http.response.status_code", status);
  }

  public static Predicate<ReceivedSpan> database(ReceivedSpan parent, String queryPart) {
    return s -> s.kind() == SPAN_KIND_CLIENT && s.isChildOf(parent)
        && "h2database".equals(s.attribute("db.system.name"))
        && String.valueOf(s.attribute("db.query.text")).contains(queryPart);
  }

  private static boolean isRequestQuery(ReceivedSpan s) {
    return String.valueOf(s.attribute("db.query.text")).startsWith("SELECT");
  }
}
