package io.spanwise.instrumentation.spi;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;

/**
 * A context made of one entry over its parent: what the agent makes a span's context of. OpenTelemetry's
 * own context copies its array of entries on every {@code with}: a span started in a request that carries
 * the span and the route already made a new context and a new array of four, where this is one object
 * of 24 bytes.
 *
 * <p>Every {@code with} on a linked context links another one, so a look-up walks up the chain: a
 * request's contexts are a few links deep (the SERVER span, its route, a client span under it), where
 * scanning OpenTelemetry's array costs as much. A chain is never longer than {@value #MAX_DEPTH}: past
 * that, {@code with} copies the entries into one of OpenTelemetry's contexts over the chain's base, so a
 * context extended in a loop neither grows without bound nor keeps replaced values reachable for long.
 * The semantics are those of OpenTelemetry's context: keys compared by identity, the newest value of a key
 * wins, a null value hides an older one.
 */
public final class LinkedContext implements Context {
  static final int MAX_DEPTH = 8;

  /** OpenTelemetry's (package-private) key of the current span, learnt from {@code storeInContext}. */
  private static final ContextKey<Span> SPAN_KEY = spanKey();

  private final Context parent;
  private final ContextKey<?> key;
  private final Object value;
  /** Links from here to the first context that is not a linked one (1 for a link over such a context). */
  private final int depth;

  private LinkedContext(Context parent, ContextKey<?> key, Object value) {
    this.parent = parent;
    this.key = key;
    this.value = value;
    this.depth = parent instanceof LinkedContext ? ((LinkedContext) parent).depth + 1 : 1;
  }

  /** {@code parent} with {@code span} as the current span: {@code parent.with(span)}, linked. */
  public static Context withSpan(Context parent, Span span) {
    return with(parent, SPAN_KEY, span);
  }

  /** {@code parent.with(key, value)}, linked whatever kind of context {@code parent} is. */
  public static <V> Context with(Context parent, ContextKey<V> key, V value) {
    return parent instanceof LinkedContext ? parent.with(key, value) : new LinkedContext(parent, key, value);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V> V get(ContextKey<V> wanted) {
    Context context = this;
    while (context instanceof LinkedContext) {
      LinkedContext link = (LinkedContext) context;
      if (link.key == wanted) {
        return (V) link.value;
      }
      context = link.parent;
    }
    return context.get(wanted);
  }

  @Override
  public <V> Context with(ContextKey<V> newKey, V newValue) {
    if (depth < MAX_DEPTH) {
      return new LinkedContext(this, newKey, newValue);
    }
    return flattened().with(newKey, newValue);
  }

  /** The same entries in the base's own kind of context (OpenTelemetry's, most often). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private Context flattened() {
    LinkedContext[] links = new LinkedContext[depth];
    Context base = this;
    int count = 0;
    while (base instanceof LinkedContext) {
      links[count] = (LinkedContext) base;
      base = links[count++].parent;
    }
    for (int i = count - 1; i >= 0; i--) {
      base = base.with((ContextKey) links[i].key, links[i].value);
    }
    return base;
  }

  /** For tests: the links from here to the chain's base. */
  int depth() {
    return depth;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("{");
    Context context = this;
    while (context instanceof LinkedContext) {
      LinkedContext link = (LinkedContext) context;
      text.append(link.key).append('=').append(link.value).append(", ");
      context = link.parent;
    }
    return text.append("over ").append(context).append('}').toString();
  }

  private static ContextKey<Span> spanKey() {
    ContextKey<?>[] seen = new ContextKey<?>[1];
    Span.getInvalid().storeInContext(new Context() {
      @Override
      public <V> V get(ContextKey<V> key) {
        return null;
      }

      @Override
      public <V> Context with(ContextKey<V> key, V value) {
        seen[0] = key;
        return this;
      }
    });
    @SuppressWarnings("unchecked")
    ContextKey<Span> key = (ContextKey<Span>) seen[0];
    return key;
  }
}
