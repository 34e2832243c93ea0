package io.spanwise.instrumentation.spi;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;

/**
 * The agent's context storage: OpenTelemetry's thread-local storage, with the same behaviour, and one
 * thing more for the agent's span handles: {@link #enter} makes a context current and returns the one it
 * replaced, which {@link #exit} puts back. An {@link AgentSpan} keeps the replaced context itself, so
 * making a span current makes no {@link Scope} object.
 *
 * <p>{@link #install} makes it the storage of the agent's own copy of OpenTelemetry's context
 * ({@code ContextStorage.addWrapper}), before any context is used. A storage already in use cannot be
 * replaced: then {@link #isInstalled} is false and the span handles make their contexts current with
 * {@code Context.makeCurrent}.
 */
public final class AgentContextStorage implements ContextStorage {
  private static final AgentContextStorage INSTANCE = new AgentContextStorage();
  private static final ThreadLocal<Context> CURRENT = new ThreadLocal<>();
  private static volatile boolean installed;

  private AgentContextStorage() {}

  /** Makes this the context storage, unless one is in use already; returns whether it is. */
  public static boolean install() {
    ContextStorage.addWrapper(unused -> INSTANCE);
    installed = ContextStorage.get() == INSTANCE;
    return installed;
  }

  static boolean isInstalled() {
    return installed;
  }

  /** Makes {@code context} current; returns the context it replaced (null for none), for {@link #exit}. */
  static Context enter(Context context) {
    Context before = CURRENT.get();
    CURRENT.set(context);
    return before;
  }

  /**
   * Puts {@code before} back if {@code context} is still current. If it is not, a scope opened under it
   * was left open, and nothing changes, as when OpenTelemetry's scope is closed out of order.
   */
  static void exit(Context context, Context before) {
    if (CURRENT.get() == context) {
      CURRENT.set(before);
    }
  }

  @Override
  public Scope attach(Context toAttach) {
    if (toAttach == null) {
      return Scope.noop();
    }
    Context before = CURRENT.get();
    if (toAttach == before) {
      return Scope.noop();
    }
    CURRENT.set(toAttach);
    return new ContextScope(toAttach, before);
  }

  @Override
  public Context current() {
    return CURRENT.get();
  }

  /** OpenTelemetry's scope: closing it twice, or out of order, changes nothing. */
  private static final class ContextScope implements Scope {
    private final Context attached;
    private final Context before;
    private boolean closed;

    ContextScope(Context attached, Context before) {
      this.attached = attached;
      this.before = before;
    }

    @Override
    public void close() {
      if (!closed && CURRENT.get() == attached) {
        closed = true;
        CURRENT.set(before);
      }
    }
  }
}
