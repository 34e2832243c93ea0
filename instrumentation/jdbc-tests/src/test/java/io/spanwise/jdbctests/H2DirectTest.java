package io.spanwise.jdbctests;

import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;

/** The contract on H2 in memory, through its own DataSource. */
class H2DirectTest extends JdbcContract {
  static final String PROCEDURE = "CREATE ALIAS noop_proc FOR 'io.spanwise.jdbctests.H2Procedures.noop'";

  private static DataSource dataSource;

  static JdbcDataSource h2(String database) {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1");
    h2.setUser("sa");
    return h2;
  }

  @BeforeAll
  static void createDatabase() throws Exception {
    dataSource = h2("shop");
    createSchema(dataSource, PROCEDURE);
  }

  @Override
  DataSource dataSource() {
    return dataSource;
  }

  @Override
  String system() {
    return "h2database";
  }

  @Override
  String namespace() {
    return "shop";
  }

  @Override
  String serverAddress() {
    return null;
  }

  @Override
  long serverPort() {
    return -1;
  }

  @Override
  String driverPackage() {
    return "org.h2.";
  }
}
