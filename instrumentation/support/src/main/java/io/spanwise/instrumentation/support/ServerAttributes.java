package io.spanwise.instrumentation.support;

import io.opentelemetry.api.common.AttributeKey;

/** The {@code server.*} attribute keys every CLIENT and SERVER span module records, defined once. */
public final class ServerAttributes {
  public static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

  private ServerAttributes() {}
}
