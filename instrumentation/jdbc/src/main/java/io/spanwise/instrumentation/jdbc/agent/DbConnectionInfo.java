package io.spanwise.instrumentation.jdbc.agent;

import java.util.Objects;

/**
 * What a connection says about the database it talks to, as the span attributes need it: the
 * {@code db.system.name} value, the {@code db.namespace} and the server's address and port. Immutable.
 */
public final class DbConnectionInfo {
  /** {@code db.system.name} for a SQL database that is not recognised. */
  public static final String OTHER_SQL = "other_sql";

  /** Nothing known beyond "some SQL database". */
  public static final DbConnectionInfo UNKNOWN = new DbConnectionInfo(OTHER_SQL, null, null, -1);

  private final String system;
  private final String namespace;
  private final String serverAddress;
  private final int serverPort;
  /** The port boxed once for the attribute (ports are above {@code Long}'s cache of small values). */
  private final Long serverPortValue;

  public DbConnectionInfo(String system, String namespace, String serverAddress, int serverPort) {
    this.system = system == null || system.isEmpty() ? OTHER_SQL : system;
    this.namespace = emptyToNull(namespace);
    this.serverAddress = emptyToNull(serverAddress);
    this.serverPort = this.serverAddress != null && serverPort > 0 && serverPort <= 65535 ? serverPort : -1;
    this.serverPortValue = (long) this.serverPort;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** The {@code db.system.name} value, never null ({@code other_sql} when unknown). */
  public String system() {
    return system;
  }

  /** {@code db.namespace}: the database name (qualified where the system's conventions say so); may be null. */
  public String namespace() {
    return namespace;
  }

  /** {@code server.address}; null for in-memory and embedded databases, or when unknown. */
  public String serverAddress() {
    return serverAddress;
  }

  /** {@code server.port}, or -1 when unknown or when there is no server address. */
  public int serverPort() {
    return serverPort;
  }

  /** {@link #serverPort()} as the attribute's value. */
  Long serverPortValue() {
    return serverPortValue;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DbConnectionInfo)) {
      return false;
    }
    DbConnectionInfo other = (DbConnectionInfo) o;
    return system.equals(other.system) && Objects.equals(namespace, other.namespace)
        && Objects.equals(serverAddress, other.serverAddress) && serverPort == other.serverPort;
  }

  @Override
  public int hashCode() {
    return Objects.hash(system, namespace, serverAddress, serverPort);
  }

  @Override
  public String toString() {
    return "DbConnectionInfo{system=" + system + ", namespace=" + namespace + ", server=" + serverAddress
        + (serverPort > 0 ? ":" + serverPort : "") + "}";
  }
}
