package io.spanwise.jdbctests;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract on a real PostgreSQL server behind HikariCP. */
class PostgresHikariTest extends PostgresDirectTest {
  private static HikariDataSource pool;

  @BeforeAll
  static void startPool() {
    HikariConfig config = new HikariConfig();
    config.setDataSource(postgres(server));
    config.setMaximumPoolSize(2);
    config.setPoolName("postgres-test");
    pool = new HikariDataSource(config);
  }

  @AfterAll
  static void stopPool() {
    if (pool != null) {
      pool.close();
    }
  }

  @Override
  DataSource dataSource() {
    return pool;
  }

  @Override
  int expectedLayers() {
    return 2;
  }
}
