package io.spanwise.annotationstests;

import static io.spanwise.annotationstests.Spans.assertChildOf;
import static io.spanwise.annotationstests.Spans.named;
import static io.spanwise.annotationstests.Spans.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.annotationstests.app.Orders;
import io.spanwise.testing.InProcessAgent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code io.opentelemetry.instrumentation.annotations} (2.x) on an application class, agent defaults. */
class WithSpanTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String ORDERS = "io.spanwise.annotationstests.app.Orders";

  @BeforeAll
  static void installAgent() throws Exception {
    InProcessAgent.install();
    Orders.createTable();
  }

  @BeforeEach
  void reset() {
    InProcessAgent.reset();
  }

  @Test
  void aWithSpanMethodIsAnInternalSpanNamedAfterClassAndMethodWithTheQueryInside() throws Exception {
    assertThat(new Orders().countOrders()).isEqualTo(2);

    List<SpanData> spans = InProcessAgent.awaitExactly(2, WAIT);
    SpanData method = named(spans, "Orders.countOrders");
    assertThat(method.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(method.getParentSpanContext().isValid()).isFalse();
    assertThat(method.getAttributes().get(AttributeKey.stringKey("code.namespace"))).isEqualTo(ORDERS);
    assertThat(method.getAttributes().get(AttributeKey.stringKey("code.function.name")))
        .isEqualTo(ORDERS + ".countOrders");
    assertThat(method.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    SpanData query = spans.stream().filter(span -> span.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
    assertThat(query.getName()).startsWith("SELECT");
    assertChildOf(query, method);
  }

  @Test
  void spanAttributesValueNamesAndNestedWithSpans() throws Exception {
    String result = new Orders().checkout("A-17", 3, true, 9.5, List.of("red", "big"), new long[] {38, 39},
        List.of(1.5, 2.0), "secret", 7);
    assertThat(result).isEqualTo("ok-A-17:2");

    List<SpanData> spans = InProcessAgent.awaitExactly(4, WAIT);
    SpanData checkout = named(spans, "process_checkout");
    assertThat(checkout.getKind()).isEqualTo(SpanKind.INTERNAL);
    var attributes = checkout.getAttributes();
    assertThat(attributes.get(AttributeKey.stringKey("order.id"))).isEqualTo("A-17");
    // no value: the parameter's name (compiled with -parameters)
    assertThat(attributes.get(AttributeKey.longKey("quantity"))).isEqualTo(3L);
    assertThat(attributes.get(AttributeKey.booleanKey("gift"))).isTrue();
    assertThat(attributes.get(AttributeKey.doubleKey("price"))).isEqualTo(9.5);
    assertThat(attributes.get(AttributeKey.stringArrayKey("tags"))).containsExactly("red", "big");
    assertThat(attributes.get(AttributeKey.longArrayKey("sizes"))).containsExactly(38L, 39L);
    assertThat(attributes.get(AttributeKey.doubleArrayKey("weights"))).containsExactly(1.5, 2.0);
    assertThat(attributes.get(AttributeKey.longKey("count"))).isEqualTo(7L);
    assertThat(attributes.asMap().keySet().stream().map(AttributeKey::getKey))
        .doesNotContain("notAnAttribute", "secret");
    assertThat(attributes.get(AttributeKey.stringKey("code.function.name"))).isEqualTo(ORDERS + ".checkout");

    SpanData validate = named(spans, "validate_inventory");
    SpanData count = named(spans, "Orders.countOrders");
    SpanData query = spans.stream().filter(span -> span.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
    assertChildOf(validate, checkout);
    assertChildOf(count, checkout);
    assertChildOf(query, count);
  }

  @Test
  void kindAndValueFromTheAnnotationOnInstanceAndStaticMethods() {
    new Orders().callOut();
    assertThat(Orders.price("sku-1")).isEqualTo(42);

    List<SpanData> spans = InProcessAgent.awaitExactly(2, WAIT);
    assertThat(named(spans, "Orders.callOut").getKind()).isEqualTo(SpanKind.CLIENT);
    SpanData price = named(spans, "pricing.calculate");
    assertThat(price.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(price.getAttributes().get(AttributeKey.stringKey("sku"))).isEqualTo("sku-1");
  }

  @Test
  void anExceptionMarksTheSpanErrorAndIsRethrownUnchanged() {
    assertThatThrownBy(() -> new Orders().fail("boom"))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("boom")
        .hasNoCause()
        .satisfies(thrown -> {
          StackTraceElement top = thrown.getStackTrace()[0];
          assertThat(top.getClassName()).isEqualTo(ORDERS);
          assertThat(top.getMethodName()).isEqualTo("fail");
        });

    SpanData failing = named(InProcessAgent.awaitExactly(1, WAIT), "failing");
    assertThat(failing.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(failing.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("java.lang.IllegalStateException");
    EventData event = failing.getEvents().stream().filter(e -> e.getName().equals("exception")).findFirst().orElseThrow();
    assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.message"))).isEqualTo("boom");
    assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.type")))
        .isEqualTo("java.lang.IllegalStateException");
  }

  @Test
  void aCompletableFutureEndsItsSpanWhenItCompletesOnAnotherThread() throws Exception {
    CompletableFuture<String> pending = new CompletableFuture<>();
    CompletableFuture<String> returned = new Orders().later(pending);
    assertThat(returned).isSameAs(pending);
    Thread.sleep(200);
    assertThat(InProcessAgent.install().getFinishedSpanItems()).as("ended before completion").isEmpty();

    CountDownLatch completed = new CountDownLatch(1);
    long before = System.nanoTime();
    Thread completer = new Thread(() -> {
      pending.complete("done");
      completed.countDown();
    }, "completer");
    completer.start();
    assertThat(completed.await(10, TimeUnit.SECONDS)).isTrue();

    SpanData later = named(InProcessAgent.awaitExactly(1, WAIT), "later");
    assertThat(later.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(later.getEndEpochNanos() - later.getStartEpochNanos()).isGreaterThan(Duration.ofMillis(200).toNanos());
    assertThat(returned.join()).isEqualTo("done");
    assertThat(before).isPositive();
  }

  @Test
  void aFutureCompletedExceptionallyMarksTheSpanError() throws Exception {
    CompletableFuture<String> pending = new CompletableFuture<>();
    CompletableFuture<String> returned = new Orders().later(pending);
    Thread completer = new Thread(() -> pending.completeExceptionally(new ArithmeticException("late failure")));
    completer.start();
    completer.join();

    SpanData later = named(InProcessAgent.awaitExactly(1, WAIT), "later");
    assertThat(later.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(later.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("java.lang.ArithmeticException");
    assertThat(returned).isCompletedExceptionally();
  }

  @Test
  void aCompletionStageFailingUpstreamRecordsTheCauseNotTheCompletionException() throws Exception {
    CompletableFuture<String> pending = new CompletableFuture<>();
    CompletionStage<String> stage = new Orders().stage(pending);
    assertThat(InProcessAgent.install().getFinishedSpanItems()).isEmpty();
    pending.completeExceptionally(new IllegalArgumentException("upstream"));

    SpanData span = named(InProcessAgent.awaitExactly(1, WAIT), "stage");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("java.lang.IllegalArgumentException");
    assertThat(stage.toCompletableFuture()).isCompletedExceptionally();
  }

  @Test
  void aFutureAlreadyCompleteOrNullEndsTheSpanAtOnce() {
    Orders orders = new Orders();
    assertThat(orders.stage(CompletableFuture.completedFuture("now")).toCompletableFuture().join()).isEqualTo("now!");
    assertThat(orders.nullFuture()).isNull();

    List<SpanData> spans = InProcessAgent.awaitExactly(2, WAIT);
    assertThat(names(spans)).containsExactlyInAnyOrder("stage", "null.future");
  }

  @Test
  void addingSpanAttributesPutsThemOnTheCurrentSpanWithoutASpanOfItsOwn() {
    Orders orders = new Orders();
    orders.enrichedWork();
    orders.enrich("silver", 1); // no current span: nothing, no failure
    orders.both("me");

    List<SpanData> spans = InProcessAgent.awaitExactly(2, WAIT);
    SpanData enriched = named(spans, "enriched");
    assertThat(enriched.getAttributes().get(AttributeKey.stringKey("customer.tier"))).isEqualTo("gold");
    assertThat(enriched.getAttributes().get(AttributeKey.longKey("customer.age"))).isEqualTo(42L);
    SpanData both = named(spans, "both");
    assertThat(both.getAttributes().get(AttributeKey.stringKey("who"))).isEqualTo("me");
  }

  @Test
  void inheritContextFalseStartsANewTrace() {
    new Orders().outerDetached();

    List<SpanData> spans = InProcessAgent.awaitExactly(2, WAIT);
    SpanData outer = named(spans, "outer.detached");
    SpanData detached = named(spans, "Orders.detached");
    assertThat(detached.getTraceId()).isNotEqualTo(outer.getTraceId());
    assertThat(detached.getParentSpanContext().isValid()).isFalse();
  }

  @Test
  void recursionNestsNestedClassesUseTheirSimpleNameAndABridgeMethodAddsNoSpan() {
    assertThat(new Orders().recursive(2)).isEqualTo(2);
    assertThat(new Orders.Inner().nested()).isEqualTo("inner");
    Orders.Handler<String> handler = new Orders.StringHandler();
    assertThat(handler.handle("x")).isEqualTo("X");
    new Orders().notAnnotated();

    List<SpanData> spans = InProcessAgent.awaitExactly(5, WAIT);
    assertThat(names(spans)).containsExactlyInAnyOrder("Orders.recursive", "Orders.recursive", "Orders.recursive",
        "Inner.nested", "StringHandler.handle");
    List<SpanData> recursive = spans.stream().filter(span -> span.getName().equals("Orders.recursive"))
        .sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos())).toList();
    assertChildOf(recursive.get(1), recursive.get(0));
    assertChildOf(recursive.get(2), recursive.get(1));
  }
}
