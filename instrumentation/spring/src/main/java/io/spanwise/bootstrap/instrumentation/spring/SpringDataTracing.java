package io.spanwise.bootstrap.instrumentation.spring;

import io.spanwise.bootstrap.api.ActiveSpan;

/** What the Spring Data helpers call; delegates to the bridge the agent installed (NOOP until then). */
public final class SpringDataTracing {
  private static volatile SpringDataBridge bridge = SpringDataBridge.NOOP;

  private SpringDataTracing() {}

  public static void install(SpringDataBridge implementation) {
    bridge = implementation == null ? SpringDataBridge.NOOP : implementation;
  }

  /** Never null; not current. */
  public static ActiveSpan startRepositorySpan(Class<?> repositoryInterface, String method) {
    return bridge.startRepositorySpan(repositoryInterface, method);
  }
}
