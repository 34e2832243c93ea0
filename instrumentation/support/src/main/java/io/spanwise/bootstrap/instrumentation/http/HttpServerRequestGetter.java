package io.spanwise.bootstrap.instrumentation.http;

import io.spanwise.bootstrap.api.HeaderGetter;

/**
 * What the agent reads from an incoming HTTP request to name the SERVER span and set its attributes.
 * Any method may return null (or -1 for the port) when the value is unknown.
 *
 * @param <R> the server's request type
 */
public interface HttpServerRequestGetter<R> extends HeaderGetter<R> {
  String method(R request);

  String scheme(R request);

  String serverAddress(R request);

  int serverPort(R request);

  /** The path as received, not decoded. */
  String path(R request);

  /** The raw query string without the leading '?'. */
  String query(R request);

  /** The low-cardinality route template, e.g. {@code /orders/*}; null when the server has none. */
  String route(R request);

  String clientAddress(R request);

  String userAgent(R request);

  /** e.g. {@code 1.1} or {@code 2}. */
  String protocolVersion(R request);
}
