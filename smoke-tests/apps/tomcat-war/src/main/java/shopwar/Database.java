package shopwar;

import jakarta.servlet.ServletException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;

/** H2 in memory, from WEB-INF/lib; the tables are made when the application is deployed. */
final class Database {
  private static final JdbcDataSource DATA_SOURCE = new JdbcDataSource();

  static {
    DATA_SOURCE.setURL("jdbc:h2:mem:shopwar;DB_CLOSE_DELAY=-1");
  }

  private Database() {}

  static String queryOne(String sql, String arg) throws ServletException {
    try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : "none";
      }
    } catch (SQLException e) {
      throw new ServletException(e);
    }
  }

  static void create() throws SQLException {
    try (Connection c = connection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (name VARCHAR(40) PRIMARY KEY, price DECIMAL(10,2))");
      s.execute("CREATE TABLE stock (item VARCHAR(40) PRIMARY KEY, quantity INT)");
      s.execute("INSERT INTO items VALUES ('mug', 12.50), ('book', 4.99)");
      s.execute("INSERT INTO stock VALUES ('mug', 7), ('book', 3)");
    }
  }

  private static Connection connection() throws SQLException {
    return DATA_SOURCE.getConnection();
  }
}
