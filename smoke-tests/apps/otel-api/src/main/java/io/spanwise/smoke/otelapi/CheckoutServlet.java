package io.spanwise.smoke.otelapi;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Everything a user does with the OpenTelemetry API inside a traced request, with the 1.0 API surface
 * (newer methods by reflection, when the API on the class path has them). The spans go wherever the API
 * sends them; the report ({@code key=value} lines) says what the API answered.
 */
public final class CheckoutServlet extends HttpServlet {
  /** Fixed instants the test finds again in the exported spans. */
  static final long EVENT_MILLIS = 1_700_000_000_000L;
  static final long TIMED_START_MILLIS = 1_700_000_100_000L;
  static final String REMOTE_TRACE = "0af7651916cd43dd8448eb211c80319c";
  static final String REMOTE_SPAN = "b7ad6b7169203331";
  static final String EXTRACT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  private static final ContextKey<String> APP_KEY = ContextKey.named("app.key");
  private static final ExecutorService POOL = Executors.newFixedThreadPool(2);
  private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<Map<String, String>>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Map<String, String> report = new java.util.LinkedHashMap<>();
    try {
      checkout(report);
    } catch (Throwable t) {
      report.put("failure", t.toString());
      t.printStackTrace(System.out);
    }
    StringBuilder body = new StringBuilder();
    report.forEach((k, v) -> body.append(k).append('=').append(v).append('\n'));
    response.setContentType("text/plain");
    response.getWriter().print(body);
  }

  private static void checkout(Map<String, String> report) throws Exception {
    Tracer tracer = GlobalOpenTelemetry.getTracer("shop", "1.0");
    report.put("global", String.valueOf(GlobalOpenTelemetry.get()));
    Span server = Span.current();
    report.put("server.valid", String.valueOf(server.getSpanContext().isValid()));
    report.put("server.span", server.getSpanContext().getSpanId());
    report.put("server.recording", String.valueOf(server.isRecording()));
    report.put("baggage.in", Baggage.current().getEntryValue("tenant"));

    Span checkout = tracer.spanBuilder("process_checkout")
        .setSpanKind(SpanKind.INTERNAL)
        .setAttribute("order.id", "o-1")
        .setAttribute(AttributeKey.longKey("order.lines"), 2L)
        .startSpan();
    report.put("checkout.span", checkout.getSpanContext().getSpanId());
    report.put("checkout.trace", checkout.getSpanContext().getTraceId());
    try (Scope ignored = checkout.makeCurrent()) {
      report.put("current.is.checkout", String.valueOf(
          Span.current().getSpanContext().getSpanId().equals(checkout.getSpanContext().getSpanId())));
      checkout.setAttribute("order.total", 42.5);
      checkout.setAttribute("order.express", true);
      checkout.setAttribute(AttributeKey.stringArrayKey("order.skus"), Arrays.asList("sku-1", "sku-2"));
      checkout.setAttribute(AttributeKey.longArrayKey("order.quantities"), Arrays.asList(1L, 2L));
      checkout.setAttribute(AttributeKey.doubleArrayKey("order.prices"), Arrays.asList(10.5, 21.0));
      checkout.setAttribute(AttributeKey.booleanArrayKey("order.gifts"), Arrays.asList(true, false));
      checkout.addEvent("cart.loaded", Attributes.of(AttributeKey.longKey("cart.size"), 2L));
      checkout.addEvent("cart.priced", EVENT_MILLIS, TimeUnit.MILLISECONDS);

      // The agent's JDBC span, a child of the current manual span.
      try (Connection connection = DriverManager.getConnection(OtelApiApp.DB);
          PreparedStatement statement = connection.prepareStatement("SELECT quantity FROM inventory WHERE sku = ?")) {
        statement.setString(1, "sku-1");
        try (ResultSet rows = statement.executeQuery()) {
          report.put("jdbc.rows", String.valueOf(rows.next()));
        }
      }

      // A @WithSpan method (no API call of its own): its span is a child of the manual span, and the
      // query it runs a child of its span.
      report.put("reserved", String.valueOf(Stock.reserve("sku-1")));

      // Another thread: the executors module carries the context, with the app's own entry.
      try (Scope withKey = Context.current().with(APP_KEY, "v1").makeCurrent()) {
        String[] seen = POOL.submit(() -> {
          Span pricing = tracer.spanBuilder("pricing.calculate").startSpan();
          pricing.end();
          return new String[] {Context.current().get(APP_KEY), Span.current().getSpanContext().getSpanId()};
        }).get(10, TimeUnit.SECONDS);
        report.put("thread.app.key", seen[0]);
        report.put("thread.parent", seen[1]);
        report.put("app.key", Context.current().get(APP_KEY));
      }

      Span inventory = tracer.spanBuilder("validate_inventory").startSpan();
      inventory.recordException(new IllegalStateException("sku-2 is out of stock"));
      inventory.setStatus(StatusCode.ERROR, "out of stock");
      inventory.updateName("validate_inventory.failed");
      inventory.end();

      Span timed = tracer.spanBuilder("timed").setStartTimestamp(TIMED_START_MILLIS, TimeUnit.MILLISECONDS).startSpan();
      timed.end(TIMED_START_MILLIS + 250, TimeUnit.MILLISECONDS);

      Span detached = tracer.spanBuilder("detached").setNoParent()
          .addLink(checkout.getSpanContext(), Attributes.of(AttributeKey.stringKey("link.kind"), "checkout"))
          .startSpan();
      report.put("detached.trace", detached.getSpanContext().getTraceId());
      detached.end();

      SpanContext remote = SpanContext.createFromRemoteParent(REMOTE_TRACE, REMOTE_SPAN, TraceFlags.getSampled(),
          TraceState.getDefault());
      tracer.spanBuilder("remote-child").setParent(Context.current().with(Span.wrap(remote))).startSpan().end();

      // Baggage out: the app's baggage goes on the agent's outgoing call.
      Baggage baggage = Baggage.current().toBuilder().put("order", "o-1").build();
      try (Scope withBaggage = baggage.makeCurrent()) {
        report.put("baggage.current.order", Baggage.current().getEntryValue("order"));
        String downstream = get("http://127.0.0.1:" + System.getProperty("app.port") + "/downstream");
        for (String line : downstream.split("\n")) {
          int eq = line.indexOf('=');
          if (eq > 0) {
            report.put("downstream." + line.substring(0, eq), line.substring(eq + 1));
          }
        }
        Map<String, String> global = new HashMap<>();
        GlobalOpenTelemetry.getPropagators().getTextMapPropagator().inject(Context.current(), global, Map::put);
        report.put("global.inject.traceparent", global.get("traceparent"));
        report.put("global.inject.baggage", global.get("baggage"));
      }

      Map<String, String> w3c = new HashMap<>();
      W3CTraceContextPropagator.getInstance().inject(Context.current(), w3c, Map::put);
      report.put("w3c.inject.traceparent", w3c.get("traceparent"));

      Map<String, String> incoming = new HashMap<>();
      incoming.put("traceparent", "00-" + EXTRACT_TRACE + "-00f067aa0ba902b7-01");
      Context extracted = GlobalOpenTelemetry.getPropagators().getTextMapPropagator()
          .extract(Context.root(), incoming, MAP_GETTER);
      report.put("global.extract.trace", Span.fromContext(extracted).getSpanContext().getTraceId());

      newerApi(tracer, checkout, remote, report);
    } finally {
      checkout.end();
    }
  }

  /** Newer API surfaces, when the API on the class path has them (found by reflection). */
  private static void newerApi(Tracer tracer, Span checkout, SpanContext remote, Map<String, String> report) {
    try {
      Method addLink = Span.class.getMethod("addLink", SpanContext.class);
      addLink.invoke(checkout, remote);
      report.put("span.addLink", "called");
    } catch (NoSuchMethodException e) {
      report.put("span.addLink", "absent");
    } catch (Throwable t) {
      report.put("span.addLink", "threw " + t);
    }
    try {
      Method tracerBuilder = OpenTelemetry.class.getMethod("tracerBuilder", String.class);
      Class<?> builderType = tracerBuilder.getReturnType();
      Object builder = tracerBuilder.invoke(GlobalOpenTelemetry.get(), "shop-builder");
      builder = builderType.getMethod("setInstrumentationVersion", String.class).invoke(builder, "2.0");
      Tracer built = (Tracer) builderType.getMethod("build").invoke(builder);
      built.spanBuilder("built-by-tracerBuilder").startSpan().end();
      report.put("tracerBuilder", "called");
    } catch (NoSuchMethodException e) {
      report.put("tracerBuilder", "absent");
    } catch (Throwable t) {
      report.put("tracerBuilder", "threw " + t);
    }
    try {
      Method isEnabled = Tracer.class.getMethod("isEnabled");
      report.put("tracer.isEnabled", String.valueOf(isEnabled.invoke(tracer)));
    } catch (NoSuchMethodException e) {
      report.put("tracer.isEnabled", "absent");
    } catch (Throwable t) {
      report.put("tracer.isEnabled", "threw " + t);
    }
  }

  private static String get(String url) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
    try (InputStream in = connection.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      connection.disconnect();
    }
  }
}
