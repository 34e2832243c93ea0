package io.spanwise.smoke.otelapi;

import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** A business step traced by annotation only, as users write it. */
final class Stock {
  private Stock() {}

  @WithSpan("reserve_stock")
  static int reserve(@SpanAttribute("stock.sku") String sku) throws SQLException {
    try (Connection connection = DriverManager.getConnection(OtelApiApp.DB);
        PreparedStatement statement = connection.prepareStatement(
            "UPDATE inventory SET quantity = quantity WHERE sku = ?")) {
      statement.setString(1, sku);
      return statement.executeUpdate();
    }
  }
}
