package io.spanwise.instrumentation.jdbc;

import io.spanwise.bootstrap.instrumentation.jdbc.JdbcTracing;
import net.bytebuddy.asm.Advice;

/**
 * {@code Statement.close()} and {@code Connection.close()}: the agent forgets what it remembered about
 * the object (its SQL, its batch, its connection's database) right away instead of when the garbage
 * collector clears it. Every level records (a pool's proxy and the driver's object each forget
 * themselves); a close that throws forgets nothing.
 */
public final class CloseAdvice {
  private CloseAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object closed, @Advice.Thrown Throwable error) {
    if (error == null) {
      JdbcTracing.closed(closed);
    }
  }
}
