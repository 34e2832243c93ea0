package io.spanwise.benchmarks;

import io.spanwise.instrumentation.jdbc.agent.SqlSanitizer;
import io.spanwise.instrumentation.jdbc.agent.SqlStatementInfo;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@link SqlSanitizer#analyze(String, boolean)} costs per statement, sanitizing on: a short
 * statement with literals (about 80 characters), a medium ORM-style query (about 450), a 10 KB
 * multi-row INSERT, and a short prepared statement with only placeholders (the common JDBC case, where
 * the text is returned as given).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class SqlSanitizerBenchmark {
  // Not final and not static: JMH must not see constants it could fold.
  private String shortSql;
  private String shortPreparedSql;
  private String mediumSql;
  private String largeSql;

  @Setup
  public void setUp() {
    shortSql = "SELECT id, name, email FROM customers WHERE id = 4711 AND status = 'active' LIMIT 1";
    shortPreparedSql = "SELECT id, name, email FROM customers WHERE id = ? AND status = ? LIMIT ?";
    mediumSql = "/* load com.shop.Order */ select o1_0.id, o1_0.customer_id, o1_0.created_at, o1_0.status,"
        + " o1_0.total, c1_0.name, c1_0.email from orders o1_0 left join customers c1_0"
        + " on c1_0.id = o1_0.customer_id where o1_0.status in ('NEW', 'PAID', 'SHIPPED')"
        + " and o1_0.created_at >= '2024-01-01 00:00:00' and o1_0.total > 99.95"
        + " and c1_0.email like '%@example.com' order by o1_0.created_at desc limit 50 offset 100";
    StringBuilder large = new StringBuilder("INSERT INTO events (id, type, payload, created_at) VALUES ");
    for (int i = 0; large.length() < 10_240; i++) {
      large.append(i == 0 ? "" : ", ")
          .append('(').append(100_000 + i).append(", 'click', '{\"x\": ").append(i % 97)
          .append(", \"y\": -").append(i % 13).append("}', '2024-05-01 10:00:00')");
    }
    largeSql = large.toString();
  }

  @Benchmark
  public SqlStatementInfo short80Chars() {
    return SqlSanitizer.analyze(shortSql, true);
  }

  @Benchmark
  public SqlStatementInfo short80CharsPlaceholdersOnly() {
    return SqlSanitizer.analyze(shortPreparedSql, true);
  }

  @Benchmark
  public SqlStatementInfo medium450Chars() {
    return SqlSanitizer.analyze(mediumSql, true);
  }

  @Benchmark
  public SqlStatementInfo large10KiloBytes() {
    return SqlSanitizer.analyze(largeSql, true);
  }
}
