package io.spanwise.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsoleTraceExporterTest {
  /** A fixed point in time: spans get explicit timestamps so the output is deterministic. */
  private static final long T0 = 1_700_000_000_000_000_000L;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final AtomicLong clock = new AtomicLong(0);
  private ConsoleTraceExporter exporter;
  private SdkTracerProvider provider;
  private Tracer tracer;

  @BeforeEach
  void setUp() {
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    exporter = new ConsoleTraceExporter(out, Duration.ofSeconds(10), clock::get, false);
    provider =
        SdkTracerProvider.builder()
            .setResource(Resource.getDefault().merge(Resource.create(
                Attributes.of(AttributeKey.stringKey("service.name"), "shop"))))
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();
    tracer = provider.get("test");
  }

  @AfterEach
  void tearDown() {
    provider.shutdown().join(5, TimeUnit.SECONDS);
  }

  private String output() {
    return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
  }

  private List<String> lines() {
    return Arrays.stream(output().split("\n")).filter(l -> !l.isEmpty()).collect(Collectors.toList());
  }

  private static long ms(double millis) {
    return T0 + (long) (millis * 1_000_000);
  }

  private Span start(String name, SpanKind kind, Span parent, double atMillis) {
    return tracer
        .spanBuilder(name)
        .setSpanKind(kind)
        .setParent(parent == null ? Context.root() : Context.root().with(parent))
        .setStartTimestamp(ms(atMillis), TimeUnit.NANOSECONDS)
        .startSpan();
  }

  private static void end(Span span, double atMillis) {
    span.end(ms(atMillis), TimeUnit.NANOSECONDS);
  }

  /** GET /orders/{id} with a query, a failing outgoing call with a nested span, and a Kafka send. */
  private String checkoutTrace() {
    Span root = start("GET /orders/{id}", SpanKind.SERVER, null, 0);
    root.setAttribute("http.request.method", "GET");
    root.setAttribute("http.route", "/orders/{id}");
    root.setAttribute("url.path", "/orders/42");
    root.setAttribute("http.response.status_code", 500L);
    root.setAttribute("user_agent.original", "curl/8.0"); // not a key attribute: not shown

    Span query = start("SELECT shop.orders", SpanKind.CLIENT, root, 2);
    query.setAttribute("db.system.name", "postgresql");
    query.setAttribute("db.query.text", "SELECT id, customer, total FROM orders WHERE id = ?");
    end(query, 12.5);

    Span call = start("GET", SpanKind.CLIENT, root, 20);
    call.setAttribute("http.request.method", "GET");
    call.setAttribute("server.address", "stock");
    Span retry = start("retry", SpanKind.INTERNAL, call, 30);
    end(retry, 40);
    call.recordException(new java.net.ConnectException("Connection refused"));
    call.setStatus(StatusCode.ERROR);
    call.setAttribute("error.type", "java.net.ConnectException");
    end(call, 80);

    Span send = start("send orders", SpanKind.PRODUCER, root, 85);
    send.setAttribute("messaging.destination.name", "orders");
    end(send, 90);

    root.setStatus(StatusCode.ERROR);
    assertThat(output()).as("nothing is printed before the root has ended").isEmpty();
    end(root, 100);
    return root.getSpanContext().getTraceId();
  }

  @Test
  void printsTheWholeTraceAsAnIndentedTreeWhenTheRootEnds() {
    String traceId = checkoutTrace();

    List<String> lines = lines();
    assertThat(lines).hasSize(6);
    assertThat(lines.get(0))
        .isEqualTo("trace " + traceId + "  service=shop  root=\"GET /orders/{id}\"  100.0 ms  5 spans  2 errors");
    assertThat(lines.get(1)).startsWith("  GET /orders/{id}  ");
    assertThat(lines.get(2)).startsWith("  |- SELECT shop.orders");
    assertThat(lines.get(3)).startsWith("  |- GET ");
    assertThat(lines.get(4)).startsWith("  |  `- retry ");
    assertThat(lines.get(5)).startsWith("  `- send orders");
  }

  @Test
  void exactRendering() {
    String traceId = checkoutTrace();
    String bar100 = "[" + "#".repeat(40) + "]";
    assertThat(output())
        .isEqualTo(
            "trace " + traceId + "  service=shop  root=\"GET /orders/{id}\"  100.0 ms  5 spans  2 errors\n"
                + "  GET /orders/{id}       SERVER     +0.0 ms  100.0 ms  " + bar100
                + "  !! ERROR  http.request.method=GET http.route=/orders/{id} http.response.status_code=500\n"
                + "  |- SELECT shop.orders  CLIENT     +2.0 ms   10.5 ms  [#####...................................]"
                + "  db.system.name=postgresql db.query.text=\"SELECT id, customer, total FROM orders WHERE id = ?\"\n"
                + "  |- GET                 CLIENT    +20.0 ms   60.0 ms  [........########################........]"
                + "  !! ERROR java.net.ConnectException: Connection refused"
                + "  http.request.method=GET server.address=stock error.type=java.net.ConnectException\n"
                + "  |  `- retry            INTERNAL  +30.0 ms   10.0 ms  [............####........................]\n"
                + "  `- send orders         PRODUCER  +85.0 ms    5.0 ms  [..................................##....]"
                + "  messaging.destination.name=orders\n"
                + "\n");
  }

  @Test
  void columnsAreAligned() {
    checkoutTrace();
    List<String> spanLines = lines().subList(1, 6);
    List<Integer> kindColumns = new ArrayList<>();
    List<Integer> barColumns = new ArrayList<>();
    for (String line : spanLines) {
      kindColumns.add(line.indexOf(line.contains("SERVER") ? "SERVER"
          : line.contains("CLIENT") ? "CLIENT" : line.contains("INTERNAL") ? "INTERNAL" : "PRODUCER"));
      barColumns.add(line.indexOf('['));
    }
    assertThat(kindColumns).containsOnly(kindColumns.get(0));
    assertThat(barColumns).containsOnly(barColumns.get(0));
  }

  @Test
  void childrenAreListedInStartOrderWhateverTheirEndOrder() {
    Span root = start("root", SpanKind.INTERNAL, null, 0);
    Span late = start("second", SpanKind.INTERNAL, root, 20);
    Span early = start("first", SpanKind.INTERNAL, root, 10);
    end(late, 30); // ends first
    end(early, 50);
    end(root, 60);
    List<String> lines = lines();
    assertThat(lines.get(2)).contains("|- first");
    assertThat(lines.get(3)).contains("`- second");
  }

  @Test
  void urlPathIsShownWhenThereIsNoRoute() {
    Span root = start("GET", SpanKind.SERVER, null, 0);
    root.setAttribute("http.request.method", "GET");
    root.setAttribute("url.path", "/static/app.js");
    root.setAttribute("http.response.status_code", 200L);
    end(root, 1);
    assertThat(lines().get(1))
        .endsWith("http.request.method=GET url.path=/static/app.js http.response.status_code=200")
        .doesNotContain("!!");
  }

  @Test
  void longQueriesAndNamesAreShortenedAndNewlinesFlattened() {
    Span root = start("SELECT\n  very_long_table_name", SpanKind.CLIENT, null, 0);
    String query = "SELECT a,\n b FROM " + "x".repeat(200) + " WHERE id = ?";
    root.setAttribute("db.query.text", query);
    end(root, 1);
    String line = lines().get(1);
    assertThat(line).contains("SELECT very_long_table_name").doesNotContain("\n");
    String shown = line.substring(line.indexOf("db.query.text=\"") + "db.query.text=\"".length(),
        line.length() - 1);
    assertThat(shown).startsWith("SELECT a, b FROM xxx").endsWith("...").hasSize(80);
  }

  @Test
  void errorWithoutExceptionShowsTheStatusDescription() {
    Span root = start("POST /pay", SpanKind.SERVER, null, 0);
    root.setStatus(StatusCode.ERROR, "card declined");
    end(root, 5);
    assertThat(lines().get(0)).endsWith("1 span  1 error");
    assertThat(lines().get(1)).contains("!! ERROR card declined");
  }

  @Test
  void exceptionOnASpanThatIsNotAnErrorIsShownQuietly() {
    Span root = start("work", SpanKind.INTERNAL, null, 0);
    root.recordException(new IllegalStateException("handled"));
    end(root, 5);
    assertThat(lines().get(1))
        .contains("(exception recorded: java.lang.IllegalStateException: handled)")
        .doesNotContain("!! ERROR");
    assertThat(lines().get(0)).doesNotContain("error");
  }

  @Test
  void aSpanWithARemoteParentIsALocalRoot() {
    SpanContext remote =
        SpanContext.createFromRemoteParent(
            "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getSampled(),
            TraceState.getDefault());
    Span server =
        tracer.spanBuilder("GET /items").setSpanKind(SpanKind.SERVER)
            .setParent(Context.root().with(Span.wrap(remote)))
            .setStartTimestamp(ms(0), TimeUnit.NANOSECONDS).startSpan();
    Span child = start("SELECT items", SpanKind.CLIENT, server, 1);
    end(child, 2);
    assertThat(output()).isEmpty();
    end(server, 3);
    List<String> lines = lines();
    assertThat(lines.get(0))
        .startsWith("trace 0af7651916cd43dd8448eb211c80319c  service=shop  root=\"GET /items\"  3.0 ms  2 spans")
        .endsWith("(continues remote parent b7ad6b7169203331)");
    assertThat(lines.get(2)).startsWith("  `- SELECT items");
  }

  @Test
  void aServiceCallingItselfPrintsEachRequestWithOnlyItsOwnSpans() {
    // GET /owners/{id} queries, then calls GET /badges/{id} on the same service, whose server span
    // (a remote parent: it came over HTTP) ends before the caller's client span and root
    Span owners = start("GET /owners/{id}", SpanKind.SERVER, null, 0);
    Span ownersQuery = start("SELECT owners", SpanKind.CLIENT, owners, 1);
    end(ownersQuery, 2);
    Span call = start("GET", SpanKind.CLIENT, owners, 3);
    Span badges = tracer.spanBuilder("GET /badges/{id}").setSpanKind(SpanKind.SERVER)
        .setParent(Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(
            call.getSpanContext().getTraceId(), call.getSpanContext().getSpanId(), TraceFlags.getSampled(),
            TraceState.getDefault()))))
        .setStartTimestamp(ms(4), TimeUnit.NANOSECONDS).startSpan();
    Span badgesQuery = start("SELECT badges", SpanKind.CLIENT, badges, 5);
    end(badgesQuery, 6);
    end(badges, 7);

    List<String> lines = lines();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).contains("root=\"GET /badges/{id}\"", "2 spans")
        .endsWith("(continues remote parent " + call.getSpanContext().getSpanId() + ")");
    assertThat(lines.get(1)).startsWith("  GET /badges/{id} ");
    assertThat(lines.get(2)).startsWith("  `- SELECT badges");

    end(call, 8);
    end(owners, 9);
    lines = lines();
    assertThat(lines).hasSize(7);
    assertThat(lines.get(3)).contains("root=\"GET /owners/{id}\"", "3 spans").doesNotContain("not received");
    assertThat(lines.get(4)).startsWith("  GET /owners/{id} ");
    assertThat(lines.get(5)).startsWith("  |- SELECT owners");
    assertThat(lines.get(6)).startsWith("  `- GET ");
    exporter.flush();
    assertThat(lines()).as("nothing was left behind").hasSize(7);
  }

  @Test
  void tracesAreKeptApart() {
    Span a = start("a-root", SpanKind.SERVER, null, 0);
    Span b = start("b-root", SpanKind.SERVER, null, 0);
    Span aChild = start("a-child", SpanKind.INTERNAL, a, 1);
    Span bChild = start("b-child", SpanKind.INTERNAL, b, 1);
    end(bChild, 2);
    end(aChild, 2);
    end(b, 3);
    assertThat(lines()).hasSize(3);
    assertThat(output()).contains("b-root", "b-child").doesNotContain("a-root", "a-child");
    end(a, 4);
    assertThat(lines()).hasSize(6);
    assertThat(lines().get(3)).contains("root=\"a-root\"");
    assertThat(lines().get(5)).contains("`- a-child");
  }

  @Test
  void tracesWithoutTheirRootArePrintedIncompleteOnFlush() {
    Span root = start("never ends", SpanKind.SERVER, null, 0);
    Span child = start("child", SpanKind.CLIENT, root, 1);
    Span grandChild = start("grandchild", SpanKind.INTERNAL, child, 2);
    end(grandChild, 3);
    end(child, 4);
    assertThat(output()).isEmpty();

    assertThat(exporter.flush().isSuccess()).isTrue();
    List<String> lines = lines();
    assertThat(lines.get(0))
        .startsWith("trace " + root.getSpanContext().getTraceId() + "  service=shop  root=\"child\"  3.0 ms  2 spans")
        .endsWith("INCOMPLETE: root span not received yet");
    assertThat(lines.get(1))
        .startsWith("  child ")
        .endsWith("(parent " + root.getSpanContext().getSpanId() + " not received)");
    assertThat(lines.get(2)).startsWith("  `- grandchild");

    // nothing is held any more: a second flush prints nothing
    bytes.reset();
    exporter.flush();
    assertThat(output()).isEmpty();
  }

  @Test
  void tracesWithoutTheirRootArePrintedAfterWaitingTenSeconds() {
    Span root = start("slow", SpanKind.SERVER, null, 0);
    Span child = start("child", SpanKind.CLIENT, root, 1);
    end(child, 2);

    clock.set(TimeUnit.SECONDS.toNanos(9));
    exporter.sweep();
    assertThat(output()).isEmpty();

    clock.set(TimeUnit.SECONDS.toNanos(10));
    exporter.sweep();
    assertThat(lines().get(0)).endsWith("INCOMPLETE: root span not received after 10 s");
    assertThat(lines()).hasSize(2);
  }

  @Test
  void waitingTracesAreAlsoSweptWhenOtherSpansArrive() {
    Span stuckRoot = start("stuck", SpanKind.SERVER, null, 0);
    end(start("orphan", SpanKind.CLIENT, stuckRoot, 1), 2);
    clock.set(TimeUnit.SECONDS.toNanos(11));
    end(start("other", SpanKind.SERVER, null, 0), 1);
    assertThat(output()).contains("root=\"other\"").contains("root=\"orphan\"").contains("INCOMPLETE");
  }

  @Test
  void shutdownPrintsWhatIsHeldAndRefusesMore() {
    Span root = start("root", SpanKind.SERVER, null, 0);
    end(start("child", SpanKind.CLIENT, root, 1), 2);
    assertThat(exporter.shutdown().isSuccess()).isTrue();
    assertThat(lines().get(0)).endsWith("INCOMPLETE: root span not received before shutdown");
    CompletableResultCode after = exporter.export(List.of());
    assertThat(after.isSuccess()).isFalse();
  }

  @Test
  void zeroDurationTraceFillsTheBar() {
    Span root = start("instant", SpanKind.INTERNAL, null, 0);
    end(root, 0);
    assertThat(lines().get(1)).contains("+0.0 ms  0.0 ms  [" + "#".repeat(40) + "]");
  }

  @Test
  void barMarksTheSpansPlaceInTheWindow() {
    StringBuilder sb = new StringBuilder();
    ConsoleTraceExporter.bar(sb, 0, 50, 100);
    assertThat(sb.toString()).isEqualTo("[" + "#".repeat(20) + ".".repeat(20) + "]");
    sb.setLength(0);
    ConsoleTraceExporter.bar(sb, 99, 100, 100);
    assertThat(sb.toString()).isEqualTo("[" + ".".repeat(39) + "#]");
    sb.setLength(0);
    ConsoleTraceExporter.bar(sb, 50, 50, 100); // a tiny span still shows
    assertThat(sb.toString()).isEqualTo("[" + ".".repeat(20) + "#" + ".".repeat(19) + "]");
  }

  @Test
  void millisecondsHaveOneDecimal() {
    assertThat(ConsoleTraceExporter.millis(1_234_567)).isEqualTo("1.2 ms");
    assertThat(ConsoleTraceExporter.millis(0)).isEqualTo("0.0 ms");
    assertThat(ConsoleTraceExporter.millis(12_350_000_000L)).isEqualTo("12350.0 ms");
  }

  @Test
  void concurrentTracesArePrintedWholeAndUnmixed() throws Exception {
    int threads = 8;
    int tracesPerThread = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        go.await();
        for (int i = 0; i < tracesPerThread; i++) {
          Span root = tracer.spanBuilder("root-" + thread + "-" + i).startSpan();
          for (int c = 0; c < 3; c++) {
            tracer.spanBuilder("child-" + thread + "-" + i + "-" + c)
                .setParent(Context.root().with(root)).startSpan().end();
          }
          root.end();
        }
        return null;
      }));
    }
    go.countDown();
    for (java.util.concurrent.Future<?> f : futures) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    List<String> lines = lines();
    assertThat(lines).hasSize(threads * tracesPerThread * 5);
    for (int i = 0; i < lines.size(); i += 5) {
      String header = lines.get(i);
      assertThat(header).startsWith("trace ").endsWith("4 spans");
      String id = header.substring(header.indexOf("root=\"root-") + "root=\"root-".length(),
          header.indexOf('"', header.indexOf("root=\"root-") + 6));
      assertThat(lines.get(i + 1)).startsWith("  root-" + id + " ");
      for (int c = 1; c <= 3; c++) {
        assertThat(lines.get(i + 1 + c)).contains("child-" + id + "-");
      }
    }
  }

  @Test
  void defaultConstructorPrintsToStdout() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      ConsoleTraceExporter stdout = new ConsoleTraceExporter();
      SdkTracerProvider p = SdkTracerProvider.builder()
          .addSpanProcessor(SimpleSpanProcessor.create(stdout)).build();
      p.get("t").spanBuilder("hello").startSpan().end();
      p.shutdown().join(5, TimeUnit.SECONDS);
    } finally {
      System.setOut(original);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).contains("root=\"hello\"");
  }
}
