package io.spanwise.core.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Prints traces to the console the way a trace viewer's waterfall shows them ({@code
 * otel.traces.exporter=console}). Spans are held per trace until their local root (a span whose
 * parent is invalid or remote) has ended; then that root and the spans under it are printed at once:
 *
 * <pre>
 * trace 4bf92f3577b34da6a3ce929d0e0e4736  service=shop  root="GET /orders/{id}"  152.3 ms  3 spans  1 error
 *   GET /orders/{id}    SERVER     +0.0 ms  152.3 ms  [########################################]  http.request.method=GET http.route=/orders/{id} http.response.status_code=500
 *   |- SELECT orders    CLIENT     +2.1 ms   10.4 ms  [#####...................................]  db.system.name=postgresql db.query.text="SELECT * FROM orders WHERE id = ?"
 *   `- GET              CLIENT    +15.0 ms  120.0 ms  [...############################.........]  !! ERROR java.net.ConnectException: Connection refused  http.request.method=GET server.address=stock
 * </pre>
 *
 * <p>A trace that enters this process more than once (a service calling itself, or two of its
 * requests in one trace) has a local root each time, and each is printed as its own block, with only
 * the spans under it: a query of the first request that ended before the second request's root is
 * kept for the first request's block.
 *
 * <p>One line per span, children under their parent in start order; the offset is from the start
 * of the trace, the bar shows where the span sits in the trace's time window. Traces whose root
 * never arrives are printed, marked incomplete, after waiting about ten seconds, and on {@link
 * #flush()} and {@link #shutdown()}. Output is plain ASCII (consoles in containers often are), and
 * each trace is written in one piece. Thread-safe.
 */
public final class ConsoleTraceExporter implements SpanExporter {
  static final Duration DEFAULT_INCOMPLETE_AFTER = Duration.ofSeconds(10);
  /** Beyond this many held spans the oldest traces are printed as they are. */
  static final int MAX_BUFFERED_SPANS = 10_000;

  static final int BAR_WIDTH = 40;
  private static final int MAX_NAME_COLUMN = 60;
  private static final int MAX_QUERY_LENGTH = 80;
  private static final int MAX_VALUE_LENGTH = 120;

  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  private static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
  private static final AttributeKey<String> EXCEPTION_MESSAGE =
      AttributeKey.stringKey("exception.message");

  /** The attributes shown on a span's line, in this order. */
  private static final List<String> KEY_ATTRIBUTES =
      List.of(
          "http.request.method",
          "http.route",
          "url.path",
          "http.response.status_code",
          "db.system.name",
          "db.query.text",
          "server.address",
          "messaging.destination.name",
          "error.type");

  private final PrintStream out;
  private final long incompleteAfterNanos;
  private final LongSupplier nanoClock;
  private final boolean useTimer;

  private final Object lock = new Object();
  /** Trace id -> spans held, in arrival order of the traces (oldest first). */
  private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
  private int bufferedSpans;
  private boolean shutDown;
  private ScheduledExecutorService timer;

  /** Prints to {@code System.out}. */
  public ConsoleTraceExporter() {
    this(System.out);
  }

  public ConsoleTraceExporter(PrintStream out) {
    this(out, DEFAULT_INCOMPLETE_AFTER, System::nanoTime, true);
  }

  /** For tests: a clock and no background sweep (call {@link #sweep()}). */
  ConsoleTraceExporter(
      PrintStream out, Duration incompleteAfter, LongSupplier nanoClock, boolean useTimer) {
    this.out = out;
    this.incompleteAfterNanos = incompleteAfter.toNanos();
    this.nanoClock = nanoClock;
    this.useTimer = useTimer;
  }

  private static final class Pending {
    final List<SpanData> spans = new ArrayList<>();
    final long firstSeenNanos;

    Pending(long firstSeenNanos) {
      this.firstSeenNanos = firstSeenNanos;
    }
  }

  /** A group of spans of one trace ready to be printed. */
  private static final class Ready {
    final List<SpanData> spans;
    final String incompleteReason; // null when the local root arrived

    Ready(List<SpanData> spans, String incompleteReason) {
      this.spans = spans;
      this.incompleteReason = incompleteReason;
    }
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    List<Ready> ready = new ArrayList<>();
    synchronized (lock) {
      if (shutDown) {
        return CompletableResultCode.ofFailure();
      }
      long now = nanoClock.getAsLong();
      for (SpanData span : spans) {
        String traceId = span.getTraceId();
        Pending p = pending.get(traceId);
        if (p == null) {
          p = new Pending(now);
          pending.put(traceId, p);
        }
        p.spans.add(span);
        bufferedSpans++;
        if (isLocalRoot(span)) {
          List<SpanData> tree = takeTree(p.spans, span);
          bufferedSpans -= tree.size();
          if (p.spans.isEmpty()) {
            pending.remove(traceId);
          }
          ready.add(new Ready(tree, null));
        }
      }
      collectExpired(now, ready);
      while (bufferedSpans > MAX_BUFFERED_SPANS && !pending.isEmpty()) {
        Iterator<Map.Entry<String, Pending>> oldest = pending.entrySet().iterator();
        Pending p = oldest.next().getValue();
        oldest.remove();
        bufferedSpans -= p.spans.size();
        ready.add(new Ready(p.spans, "too many spans held; printed as received so far"));
      }
      if (!pending.isEmpty()) {
        startTimerIfNeeded();
      }
    }
    print(ready);
    return CompletableResultCode.ofSuccess();
  }

  /** Prints traces that have waited too long for their root. Called by a background timer. */
  void sweep() {
    List<Ready> ready = new ArrayList<>();
    synchronized (lock) {
      collectExpired(nanoClock.getAsLong(), ready);
    }
    print(ready);
  }

  private void collectExpired(long now, List<Ready> ready) {
    Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator();
    while (it.hasNext()) {
      Pending p = it.next().getValue();
      if (now - p.firstSeenNanos >= incompleteAfterNanos) {
        it.remove();
        bufferedSpans -= p.spans.size();
        ready.add(new Ready(p.spans, "root span not received after "
            + Math.max(1, TimeUnit.NANOSECONDS.toSeconds(incompleteAfterNanos)) + " s"));
      }
    }
  }

  private void startTimerIfNeeded() {
    if (!useTimer || timer != null) {
      return;
    }
    try {
      ScheduledExecutorService t =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "spanwise-console-exporter");
                thread.setDaemon(true);
                // Not the context loader of the thread that happened to export first (a web app's, which
                // a container then reports as leaked on stop).
                thread.setContextClassLoader(ConsoleTraceExporter.class.getClassLoader());
                return thread;
              });
      t.scheduleWithFixedDelay(this::safeSweep, 1, 1, TimeUnit.SECONDS);
      timer = t;
    } catch (RuntimeException | Error e) {
      // without a timer, waiting traces are still printed on the next export, flush or shutdown
    }
  }

  private void safeSweep() {
    try {
      sweep();
    } catch (RuntimeException e) {
      // keep the timer alive
    }
  }

  /** Prints every trace still waiting for its root, marked incomplete. */
  @Override
  public CompletableResultCode flush() {
    List<Ready> ready = drainAll("root span not received yet");
    print(ready);
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    List<Ready> ready;
    ScheduledExecutorService t;
    synchronized (lock) {
      if (shutDown) {
        return CompletableResultCode.ofSuccess();
      }
      ready = drainAllLocked("root span not received before shutdown");
      shutDown = true;
      t = timer;
      timer = null;
    }
    if (t != null) {
      t.shutdownNow();
    }
    print(ready);
    return CompletableResultCode.ofSuccess();
  }

  private List<Ready> drainAll(String reason) {
    synchronized (lock) {
      return drainAllLocked(reason);
    }
  }

  private List<Ready> drainAllLocked(String reason) {
    List<Ready> ready = new ArrayList<>();
    for (Pending p : pending.values()) {
      ready.add(new Ready(p.spans, reason));
    }
    pending.clear();
    bufferedSpans = 0;
    return ready;
  }

  private void print(List<Ready> ready) {
    if (ready.isEmpty()) {
      return;
    }
    StringBuilder text = new StringBuilder();
    for (Ready r : ready) {
      try {
        render(r.spans, r.incompleteReason, text);
      } catch (RuntimeException e) {
        text.append("trace ").append(r.spans.get(0).getTraceId())
            .append(": cannot be printed (").append(e).append(")\n");
      }
    }
    synchronized (out) {
      out.print(text);
      out.flush();
    }
  }

  /**
   * Removes from {@code held} (one trace's spans) the local root {@code root} and the spans under it,
   * following parent ids among the spans held, and returns them. A span whose parent has not arrived
   * yet stays held: it belongs to no root that has ended.
   */
  private static List<SpanData> takeTree(List<SpanData> held, SpanData root) {
    Map<String, List<SpanData>> byParent = new HashMap<>();
    for (SpanData s : held) {
      if (s != root && s.getParentSpanContext().isValid()) {
        byParent.computeIfAbsent(s.getParentSpanId(), k -> new ArrayList<>()).add(s);
      }
    }
    List<SpanData> tree = new ArrayList<>();
    tree.add(root);
    for (int i = 0; i < tree.size(); i++) {
      List<SpanData> children = byParent.remove(tree.get(i).getSpanId());
      if (children != null) {
        tree.addAll(children);
      }
    }
    if (tree.size() == held.size()) {
      held.clear(); // the usual case: the trace's only root here, with every span under it
    } else {
      Set<SpanData> taken = Collections.newSetFromMap(new IdentityHashMap<>());
      taken.addAll(tree);
      held.removeIf(taken::contains);
    }
    return tree;
  }

  static boolean isLocalRoot(SpanData span) {
    SpanContext parent = span.getParentSpanContext();
    return !parent.isValid() || parent.isRemote();
  }

  // ------------------------------------------------------------------ rendering

  /** One line of output per span, before column alignment. */
  private static final class Line {
    final SpanData span;
    final String prefix;

    Line(SpanData span, String prefix) {
      this.span = span;
      this.prefix = prefix;
    }
  }

  static void render(List<SpanData> spans, String incompleteReason, StringBuilder text) {
    Map<String, SpanData> byId = new HashMap<>();
    for (SpanData s : spans) {
      byId.put(s.getSpanId(), s);
    }
    Map<String, List<SpanData>> children = new HashMap<>();
    List<SpanData> tops = new ArrayList<>();
    for (SpanData s : spans) {
      String parentId = s.getParentSpanContext().isValid() ? s.getParentSpanId() : null;
      if (parentId != null && byId.containsKey(parentId) && !parentId.equals(s.getSpanId())) {
        children.computeIfAbsent(parentId, k -> new ArrayList<>()).add(s);
      } else {
        tops.add(s);
      }
    }
    Comparator<SpanData> byStart =
        Comparator.comparingLong(SpanData::getStartEpochNanos)
            .thenComparingLong(SpanData::getEndEpochNanos);
    tops.sort(byStart);
    children.values().forEach(list -> list.sort(byStart));

    List<Line> lines = new ArrayList<>(spans.size());
    Set<String> visited = new HashSet<>();
    for (SpanData top : tops) {
      addLines(top, "", "", children, lines, visited);
    }

    long traceStart = Long.MAX_VALUE;
    long traceEnd = Long.MIN_VALUE;
    int errors = 0;
    for (SpanData s : spans) {
      traceStart = Math.min(traceStart, s.getStartEpochNanos());
      traceEnd = Math.max(traceEnd, Math.max(s.getEndEpochNanos(), s.getStartEpochNanos()));
      if (s.getStatus().getStatusCode() == StatusCode.ERROR) {
        errors++;
      }
    }
    long total = traceEnd - traceStart;

    // The header names the local root; without one, the earliest top-level span.
    SpanData root = null;
    for (SpanData top : tops) {
      if (isLocalRoot(top)) {
        root = top;
        break;
      }
    }
    SpanData named = root != null ? root : tops.get(0);
    String service = named.getResource().getAttribute(SERVICE_NAME);

    text.append("trace ").append(named.getTraceId());
    text.append("  service=").append(service == null ? "?" : clean(service, MAX_VALUE_LENGTH));
    text.append("  root=\"").append(clean(named.getName(), MAX_VALUE_LENGTH)).append('"');
    text.append("  ").append(millis(total));
    text.append("  ").append(spans.size()).append(spans.size() == 1 ? " span" : " spans");
    if (errors > 0) {
      text.append("  ").append(errors).append(errors == 1 ? " error" : " errors");
    }
    if (root != null && root.getParentSpanContext().isRemote()) {
      text.append("  (continues remote parent ").append(root.getParentSpanId()).append(')');
    }
    if (incompleteReason != null) {
      text.append("  INCOMPLETE: ").append(incompleteReason);
    }
    text.append('\n');

    int nameWidth = 0;
    List<String> labels = new ArrayList<>(lines.size());
    for (Line line : lines) {
      String label = line.prefix + clean(line.span.getName(), MAX_NAME_COLUMN);
      if (label.length() > MAX_NAME_COLUMN) {
        label = label.substring(0, MAX_NAME_COLUMN - 3) + "...";
      }
      labels.add(label);
      nameWidth = Math.max(nameWidth, label.length());
    }
    List<String> offsets = new ArrayList<>(lines.size());
    List<String> durations = new ArrayList<>(lines.size());
    int offsetWidth = 0;
    int durationWidth = 0;
    for (Line line : lines) {
      String offset = "+" + millis(line.span.getStartEpochNanos() - traceStart);
      String duration = millis(line.span.getEndEpochNanos() - line.span.getStartEpochNanos());
      offsets.add(offset);
      durations.add(duration);
      offsetWidth = Math.max(offsetWidth, offset.length());
      durationWidth = Math.max(durationWidth, duration.length());
    }

    for (int i = 0; i < lines.size(); i++) {
      SpanData s = lines.get(i).span;
      text.append("  ");
      pad(text, labels.get(i), nameWidth, false);
      text.append("  ");
      pad(text, s.getKind().name(), 8, false);
      text.append("  ");
      pad(text, offsets.get(i), offsetWidth, true);
      text.append("  ");
      pad(text, durations.get(i), durationWidth, true);
      text.append("  ");
      bar(text, s.getStartEpochNanos() - traceStart, s.getEndEpochNanos() - traceStart, total);
      String error = errorText(s);
      if (error != null) {
        text.append("  ").append(error);
      }
      String attributes = keyAttributes(s.getAttributes());
      if (!attributes.isEmpty()) {
        text.append("  ").append(attributes);
      }
      if (!isLocalRoot(s) && !byId.containsKey(s.getParentSpanId())) {
        text.append("  (parent ").append(s.getParentSpanId()).append(" not received)");
      }
      // no trailing blanks
      int end = text.length();
      while (end > 0 && text.charAt(end - 1) == ' ') {
        end--;
      }
      text.setLength(end);
      text.append('\n');
    }
    text.append('\n');
  }

  private static void addLines(
      SpanData span,
      String childPrefix,
      String linePrefix,
      Map<String, List<SpanData>> children,
      List<Line> lines,
      Set<String> visited) {
    if (!visited.add(span.getSpanId())) {
      return; // a cycle in malformed data: print each span once
    }
    lines.add(new Line(span, linePrefix));
    List<SpanData> kids = children.get(span.getSpanId());
    if (kids == null) {
      return;
    }
    for (int i = 0; i < kids.size(); i++) {
      boolean last = i == kids.size() - 1;
      addLines(
          kids.get(i),
          childPrefix + (last ? "   " : "|  "),
          childPrefix + (last ? "`- " : "|- "),
          children,
          lines,
          visited);
    }
  }

  static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1_000_000.0);
  }

  private static void pad(StringBuilder text, String value, int width, boolean right) {
    int blanks = Math.max(0, width - value.length());
    if (right) {
      text.append(" ".repeat(blanks)).append(value);
    } else {
      text.append(value).append(" ".repeat(blanks));
    }
  }

  /** {@code [...#####....]}: the span's place in the trace's time window. */
  static void bar(StringBuilder text, long start, long end, long total) {
    int from;
    int to;
    if (total <= 0) {
      from = 0;
      to = BAR_WIDTH;
    } else {
      from = (int) Math.floor((double) start / total * BAR_WIDTH);
      to = (int) Math.ceil((double) end / total * BAR_WIDTH);
      from = Math.max(0, Math.min(BAR_WIDTH - 1, from));
      to = Math.max(from + 1, Math.min(BAR_WIDTH, to));
    }
    text.append('[');
    for (int i = 0; i < BAR_WIDTH; i++) {
      text.append(i >= from && i < to ? '#' : '.');
    }
    text.append(']');
  }

  /** {@code !! ERROR type: message}, or null when the span is not an error and recorded nothing. */
  static String errorText(SpanData span) {
    String exception = null;
    for (EventData event : span.getEvents()) {
      if ("exception".equals(event.getName())) {
        Attributes a = event.getAttributes();
        String type = a.get(EXCEPTION_TYPE);
        String message = a.get(EXCEPTION_MESSAGE);
        if (type != null || message != null) {
          exception = (type == null ? "exception" : type) + (message == null ? "" : ": " + message);
          exception = clean(exception, MAX_VALUE_LENGTH);
          break;
        }
      }
    }
    if (span.getStatus().getStatusCode() == StatusCode.ERROR) {
      String detail = exception;
      if (detail == null && !span.getStatus().getDescription().isEmpty()) {
        detail = clean(span.getStatus().getDescription(), MAX_VALUE_LENGTH);
      }
      return "!! ERROR" + (detail == null ? "" : " " + detail);
    }
    return exception == null ? null : "(exception recorded: " + exception + ")";
  }

  static String keyAttributes(Attributes attributes) {
    StringBuilder sb = new StringBuilder();
    Map<String, Object> byName = new LinkedHashMap<>();
    attributes.forEach((k, v) -> byName.put(k.getKey(), v));
    for (String key : KEY_ATTRIBUTES) {
      Object value = byName.get(key);
      if (value == null) {
        continue;
      }
      if ("url.path".equals(key) && byName.containsKey("http.route")) {
        continue; // the route says it better
      }
      String shown =
          clean(String.valueOf(value),
              "db.query.text".equals(key) ? MAX_QUERY_LENGTH : MAX_VALUE_LENGTH);
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(key).append('=');
      if (value instanceof String && (shown.isEmpty() || shown.indexOf(' ') >= 0
          || shown.indexOf('"') >= 0)) {
        sb.append('"').append(shown.replace("\"", "\\\"")).append('"');
      } else {
        sb.append(shown);
      }
    }
    return sb.toString();
  }

  /** One line, no control characters, at most {@code max} characters (ending "..." if cut). */
  static String clean(String value, int max) {
    StringBuilder sb = new StringBuilder(Math.min(value.length(), max + 3));
    boolean lastBlank = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean blank = Character.isWhitespace(c) || Character.isISOControl(c);
      if (blank) {
        if (!lastBlank && sb.length() > 0) {
          sb.append(' ');
        }
      } else {
        sb.append(c);
      }
      lastBlank = blank;
      if (sb.length() > max) {
        break;
      }
    }
    String s = sb.toString().trim();
    if (s.length() > max) {
      s = s.substring(0, Math.max(0, max - 3)) + "...";
    }
    return s;
  }
}
