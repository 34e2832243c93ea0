package org.example.jdbcapp;

import java.sql.SQLException;
import java.util.Properties;
import org.h2.jdbc.JdbcConnection;

/**
 * An application's subclass of the driver's connection (as wrappers that tag or audit connections
 * are): loading it loads H2's {@code JdbcConnection} as its supertype. It overrides nothing.
 */
public class AuditedConnection extends JdbcConnection {
  public AuditedConnection(String url) throws SQLException {
    super(url, credentials(), null, null, false);
  }

  private static Properties credentials() {
    Properties info = new Properties();
    info.setProperty("user", "sa");
    return info;
  }
}
