package org.example.jdbcapp;

import com.zaxxer.hikari.HikariDataSource;
import org.h2.jdbcx.JdbcDataSource;

/** An application's subclass of the pool (as frameworks subclass HikariDataSource): the pool over H2. */
public class AppPool extends HikariDataSource {
  public AppPool(String url) {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(url);
    h2.setUser("sa");
    setDataSource(h2);
    setMaximumPoolSize(2);
    setPoolName("load-order");
  }
}
