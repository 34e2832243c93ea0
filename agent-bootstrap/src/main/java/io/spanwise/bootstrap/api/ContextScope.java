package io.spanwise.bootstrap.api;

/** Restores the previous current context when closed. Must be closed on the thread that opened it. */
public interface ContextScope extends AutoCloseable {
  @Override
  void close();

  ContextScope NOOP = () -> {};
}
