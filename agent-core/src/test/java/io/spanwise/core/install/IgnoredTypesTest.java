package io.spanwise.core.install;

import static org.assertj.core.api.Assertions.assertThat;

import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

class IgnoredTypesTest {
  @Test
  void ignoresTheJdkTheAgentAndItsLibraries() {
    assertThat(IgnoredTypes.types().matches(TypeDescription.ForLoadedType.of(String.class))).isTrue();
    assertThat(IgnoredTypes.types().matches(TypeDescription.ForLoadedType.of(IgnoredTypes.class))).isTrue();
    assertThat(IgnoredTypes.types().matches(TypeDescription.ForLoadedType.of(TypeDescription.class))).isTrue();
  }

  /** An application may live under io.spanwise too (the demo does): only the agent's packages are skipped. */
  @Test
  void doesNotIgnoreApplicationsThatShareTheAgentsTopPackage() {
    TypeDescription app = new TypeDescription.Latent("io.spanwise.demo.web.CheckoutServlet", 0, null);
    assertThat(IgnoredTypes.types().matches(app)).isFalse();
  }

  /** JDBC drivers and pools are matched by the java.sql interfaces: no common one may be ignored by name. */
  @Test
  void doesNotIgnoreJdbcDriversAndPools() {
    for (String name : new String[] {"org.h2.jdbc.JdbcPreparedStatement", "org.postgresql.jdbc.PgStatement",
        "com.zaxxer.hikari.pool.HikariProxyPreparedStatement", "com.mysql.cj.jdbc.ClientPreparedStatement",
        "org.mariadb.jdbc.ServerPreparedStatement", "oracle.jdbc.driver.OraclePreparedStatementWrapper",
        "com.microsoft.sqlserver.jdbc.SQLServerPreparedStatement", "com.ibm.db2.jcc.am.Statement",
        "org.apache.derby.impl.jdbc.EmbedStatement", "org.hsqldb.jdbc.JDBCStatement", "org.sqlite.jdbc4.JDBC4Statement",
        "org.apache.tomcat.jdbc.pool.StatementFacade", "com.mchange.v2.c3p0.impl.NewProxyStatement",
        "org.apache.commons.dbcp2.DelegatingStatement"}) {
      assertThat(IgnoredTypes.types().matches(new TypeDescription.Latent(name, 0, null))).as(name).isFalse();
    }
  }

  /** In-process tests run the agent from the application loader, whose classes must stay instrumentable. */
  @Test
  void ignoresTheAgentLoaderOnlyWhenItIsTheIsolatedOne() {
    ClassLoader appLoader = IgnoredTypesTest.class.getClassLoader();
    assertThat(IgnoredTypes.loaders(appLoader).matches(appLoader)).isFalse();
  }
}
