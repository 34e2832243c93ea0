package io.spanwise.instrumentation.jdbc.agent;

import io.spanwise.bootstrap.api.CallDepth;
import io.spanwise.instrumentation.spi.AgentFieldMap;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link DbConnectionInfo} of each JDBC connection, read once from its metadata
 * ({@code getMetaData().getURL()}, which no driver answers with a query) and kept in the connection's
 * agent field (a weak identity map for a connection class without one), so a closed and forgotten
 * connection is not kept alive by the agent.
 *
 * <p>A pool hands out a new proxy connection per borrow over the same physical connection; the
 * physical one ({@code unwrap(Connection.class)}) is cached too, so its metadata is read once however
 * often it is borrowed.
 */
public final class JdbcConnectionInfoCache {
  private final AgentFieldMap<DbConnectionInfo> byConnection = new AgentFieldMap<>(DbConnectionInfo.class);

  /** The info of the connection that {@code statement} (a {@code java.sql.Statement}) belongs to. */
  public DbConnectionInfo ofStatement(Object statement) {
    if (!(statement instanceof Statement)) {
      return DbConnectionInfo.UNKNOWN;
    }
    Connection connection;
    try {
      connection = ((Statement) statement).getConnection();
    } catch (Exception | LinkageError e) {
      return DbConnectionInfo.UNKNOWN;
    }
    return ofConnection(connection);
  }

  /**
   * The info of {@code connection} (a {@code java.sql.Connection}), reading its metadata the first time
   * only. A known connection is found through the agent's field alone, without a type check against
   * {@code Connection}: see {@link JdbcStatementState} for why.
   */
  public DbConnectionInfo ofConnection(Object connection) {
    if (connection == null) {
      return DbConnectionInfo.UNKNOWN;
    }
    DbConnectionInfo info = byConnection.get(connection);
    if (info != null) {
      return info;
    }
    return connection instanceof Connection ? learn((Connection) connection) : DbConnectionInfo.UNKNOWN;
  }

  /**
   * A connection not known yet: the physical connection's info, read once and kept for both. Not again
   * on a thread already reading one: a driver or wrapper that prepared a statement of its own while
   * answering {@code unwrap} or {@code getMetaData} would otherwise send the prepare advice back here,
   * over and over, before anything is kept. That inner statement's connection is unknown to its spans.
   */
  private DbConnectionInfo learn(Connection connection) {
    CallDepth reading = CallDepth.forKey(JdbcConnectionInfoCache.class);
    if (reading.get() > 0) {
      return DbConnectionInfo.UNKNOWN;
    }
    reading.getAndIncrement();
    try {
      DbConnectionInfo info = null;
      Connection physical = unwrap(connection);
      if (physical != connection) {
        info = byConnection.get(physical);
      }
      if (info == null) {
        info = read(physical);
        byConnection.put(physical, info);
      }
      if (physical != connection) {
        byConnection.put(connection, info);
      }
      return info;
    } finally {
      reading.decrementAndGet();
    }
  }

  /**
   * Forgets a closed connection (a pool's per-borrow proxy, most often: the physical connection under it
   * stays known while it is open).
   */
  public void forget(Object connection) {
    if (connection != null) {
      byConnection.remove(connection);
    }
  }

  /**
   * Weak map entries, for connections without the agent's field (including ones whose connection is gone
   * but not yet expunged); for tests.
   */
  int size() {
    return byConnection.fallbackSize();
  }

  private static Connection unwrap(Connection connection) {
    try {
      Connection inner = connection.unwrap(Connection.class);
      if (inner != null) {
        return inner;
      }
    } catch (Exception | LinkageError e) {
      // a wrapper that cannot unwrap is cached as it is
    }
    return connection;
  }

  private static DbConnectionInfo read(Connection connection) {
    DatabaseMetaData metaData;
    try {
      metaData = connection.getMetaData();
    } catch (Exception | LinkageError e) {
      return DbConnectionInfo.UNKNOWN;
    }
    if (metaData == null) {
      return DbConnectionInfo.UNKNOWN;
    }
    DbConnectionInfo info = DbConnectionInfo.UNKNOWN;
    try {
      info = byUrl(metaData.getURL());
    } catch (Exception | LinkageError e) {
      // no URL: the product name below may still say which database it is
    }
    if (!info.system().equals(DbConnectionInfo.OTHER_SQL)) {
      return info;
    }
    try {
      String system = systemOfProduct(metaData.getDatabaseProductName());
      if (system != null) {
        return new DbConnectionInfo(system, info.namespace(), info.serverAddress(), info.serverPort());
      }
    } catch (Exception | LinkageError e) {
      // other_sql it stays
    }
    return info;
  }

  /**
   * The parsed URL, parsed once per URL: a pool whose connections are new objects per borrow (H2's,
   * for one) has the metadata read on every borrow, and the URLs of an application are few. The map is
   * emptied if it ever holds {@value #MAX_URLS} of them.
   */
  private static DbConnectionInfo byUrl(String url) {
    if (url == null) {
      return JdbcUrlParser.parse(null);
    }
    DbConnectionInfo info = BY_URL.get(url);
    if (info == null) {
      info = JdbcUrlParser.parse(url);
      if (BY_URL.size() >= MAX_URLS) {
        BY_URL.clear();
      }
      BY_URL.put(url, info);
    }
    return info;
  }

  private static final int MAX_URLS = 256;
  private static final Map<String, DbConnectionInfo> BY_URL = new ConcurrentHashMap<>();

  /** {@code DatabaseMetaData.getDatabaseProductName()} values of common drivers. */
  static String systemOfProduct(String product) {
    if (product == null) {
      return null;
    }
    String p = product.toLowerCase(Locale.ROOT);
    if (p.contains("postgresql")) {
      return JdbcUrlParser.POSTGRESQL;
    } else if (p.contains("mariadb")) {
      return JdbcUrlParser.MARIADB;
    } else if (p.contains("mysql")) {
      return JdbcUrlParser.MYSQL;
    } else if (p.equals("h2")) {
      return JdbcUrlParser.H2;
    } else if (p.contains("oracle")) {
      return JdbcUrlParser.ORACLE;
    } else if (p.contains("sql server")) {
      return JdbcUrlParser.SQL_SERVER;
    } else if (p.startsWith("db2")) {
      return JdbcUrlParser.DB2;
    } else if (p.contains("derby")) {
      return JdbcUrlParser.DERBY;
    } else if (p.startsWith("hsql")) {
      return JdbcUrlParser.HSQLDB;
    } else if (p.contains("sqlite")) {
      return JdbcUrlParser.SQLITE;
    }
    return null;
  }
}
