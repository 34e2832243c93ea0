package io.spanwise.instrumentation.support;

import io.opentelemetry.api.common.AttributeKey;

/** The {@code server.*} attribute keys every CLIENT and SERVER span module records, defined once. */
public final class ServerAttributes {
  public static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

  /**
   * Boxed ports, one slot per port modulo its size: an application listens on and calls a few ports,
   * so the same {@code Long} serves every span of a port ({@code Long}'s own cache stops at 127). Racy
   * on purpose: the slots hold immutable values, a lost write only boxes once more.
   */
  private static final Long[] PORTS = new Long[64];

  /** {@code port} as the value of {@link #SERVER_PORT}. */
  public static Long port(int port) {
    int slot = port & (PORTS.length - 1);
    Long boxed = PORTS[slot];
    if (boxed == null || boxed != port) {
      boxed = (long) port;
      PORTS[slot] = boxed;
    }
    return boxed;
  }

  private ServerAttributes() {}
}
