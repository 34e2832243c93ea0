package io.spanwise.bootstrap.instrumentation.spring;

import io.spanwise.bootstrap.api.ActiveSpan;

/** Spring Data repository spans, as the repository interceptor sees them (implemented in the agent). */
public interface SpringDataBridge {
  /**
   * An INTERNAL span {@code "{Repository}.{method}"} for a call of {@code method} of the repository
   * interface, a child of the current context; not current.
   */
  ActiveSpan startRepositorySpan(Class<?> repositoryInterface, String method);

  SpringDataBridge NOOP = (repositoryInterface, method) -> ActiveSpan.NOOP;
}
