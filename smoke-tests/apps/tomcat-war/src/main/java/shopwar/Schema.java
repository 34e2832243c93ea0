package shopwar;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.sql.SQLException;

/** Creates the shop's tables when Tomcat deploys the application. */
public final class Schema implements ServletContextListener {
  @Override
  public void contextInitialized(ServletContextEvent event) {
    try {
      Database.create();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the shop's tables", e);
    }
  }
}
