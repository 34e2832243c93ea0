package io.spanwise.jdbctests;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract on H2 in memory behind HikariCP: the pool's proxy statements and H2's give one span per call. */
class H2HikariTest extends H2DirectTest {
  private static HikariDataSource pool;

  @BeforeAll
  static void startPool() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setDataSource(h2("pooled"));
    config.setMaximumPoolSize(2);
    config.setPoolName("h2-test");
    pool = new HikariDataSource(config);
    createSchema(pool, PROCEDURE);
  }

  @AfterAll
  static void stopPool() {
    pool.close();
  }

  @Override
  DataSource dataSource() {
    return pool;
  }

  @Override
  String namespace() {
    return "pooled";
  }

  @Override
  int expectedLayers() {
    return 2;
  }
}
