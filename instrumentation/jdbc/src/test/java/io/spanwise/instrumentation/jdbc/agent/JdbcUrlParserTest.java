package io.spanwise.instrumentation.jdbc.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcUrlParserTest {

  private static Arguments url(String url, String system, String namespace, String host, int port) {
    return Arguments.of(url, new DbConnectionInfo(system, namespace, host, port));
  }

  static Stream<Arguments> urls() {
    return Stream.of(
        // PostgreSQL
        url("jdbc:postgresql://db.example.com:5433/orders", "postgresql", "orders", "db.example.com", 5433),
        url("jdbc:postgresql://db.example.com/orders?user=app&password=secret&ssl=true",
            "postgresql", "orders", "db.example.com", 5432),
        url("jdbc:postgresql://h1:5432,h2:5433/shop?targetServerType=primary", "postgresql", "shop", "h1", 5432),
        url("jdbc:postgresql://[::1]:5740/accounting", "postgresql", "accounting", "::1", 5740),
        url("jdbc:postgresql:orders", "postgresql", "orders", "localhost", 5432),
        url("jdbc:postgresql:/", "postgresql", null, "localhost", 5432),
        url("jdbc:postgresql:///orders", "postgresql", "orders", "localhost", 5432),
        url("jdbc:postgresql://127.0.0.1:41234/postgres", "postgresql", "postgres", "127.0.0.1", 41234),
        url("JDBC:PostgreSQL://Host:1/Db", "postgresql", "Db", "Host", 1),
        url("jdbc:pgsql://host/db", "postgresql", "db", "host", 5432),
        // H2
        url("jdbc:h2:mem:shop", "h2database", "shop", null, -1),
        url("jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1;MODE=PostgreSQL", "h2database", "shop", null, -1),
        url("jdbc:h2:mem:", "h2database", null, null, -1),
        url("jdbc:h2:~/test", "h2database", "~/test", null, -1),
        url("jdbc:h2:file:/data/sample;AUTO_SERVER=TRUE", "h2database", "/data/sample", null, -1),
        url("jdbc:h2:./data/db", "h2database", "./data/db", null, -1),
        url("jdbc:h2:split:nio:/data/big", "h2database", "/data/big", null, -1),
        url("jdbc:h2:tcp://dbhost/~/test", "h2database", "~/test", "dbhost", 9092),
        url("jdbc:h2:tcp://dbhost:9123/mem:shared", "h2database", "shared", "dbhost", 9123),
        url("jdbc:h2:ssl://secure:9101/data/db;CIPHER=AES", "h2database", "data/db", "secure", 9101),
        // MySQL
        url("jdbc:mysql://mysql.local:3306/shop?useSSL=false", "mysql", "shop", "mysql.local", 3306),
        url("jdbc:mysql://mysql.local/shop", "mysql", "shop", "mysql.local", 3306),
        url("jdbc:mysql://user:pw@mysql.local:3307/shop", "mysql", "shop", "mysql.local", 3307),
        url("jdbc:mysql://primary:3306,replica:3307/shop", "mysql", "shop", "primary", 3306),
        url("jdbc:mysql:loadbalance://lb1:3310,lb2/shop", "mysql", "shop", "lb1", 3310),
        url("jdbc:mysql:replication://address=(host=src)(port=3311)(type=source),address=(host=r1)/shop",
            "mysql", "shop", "src", 3311),
        url("jdbc:mysql://(host=kv.local,port=3312,user=x)/shop", "mysql", "shop", "kv.local", 3312),
        url("jdbc:mysql://[2001:db8::1]:3306/shop", "mysql", "shop", "2001:db8::1", 3306),
        url("jdbc:mysql://localhost", "mysql", null, "localhost", 3306),
        url("jdbc:mysqlx://x.local/shop", "mysql", "shop", "x.local", 33060),
        // MariaDB
        url("jdbc:mariadb://maria:3306/shop", "mariadb", "shop", "maria", 3306),
        url("jdbc:mariadb:replication://m1,m2:3307/shop?user=a", "mariadb", "shop", "m1", 3306),
        url("jdbc:mariadb:sequential://m1/shop", "mariadb", "shop", "m1", 3306),
        // Oracle
        url("jdbc:oracle:thin:@orahost:1521:ORCL", "oracle.db", "ORCL", "orahost", 1521),
        url("jdbc:oracle:thin:@//orahost:1522/sales.example.com", "oracle.db", "sales.example.com", "orahost", 1522),
        url("jdbc:oracle:thin:@orahost:1523/sales", "oracle.db", "sales", "orahost", 1523),
        url("jdbc:oracle:thin:scott/tiger@orahost:1521:XE", "oracle.db", "XE", "orahost", 1521),
        url("jdbc:oracle:thin:@orahost", "oracle.db", null, "orahost", 1521),
        url("jdbc:oracle:thin:@tcps://orahost:2484/svc?wallet_location=/w", "oracle.db", "svc", "orahost", 2484),
        url("jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=racnode)(PORT=1530))"
            + "(CONNECT_DATA=(SERVICE_NAME=orders)))", "oracle.db", "orders", "racnode", 1530),
        url("jdbc:oracle:thin:@(description=(address=(host=h2)(protocol=tcp))(connect_data=(sid=X1)))",
            "oracle.db", "X1", "h2", 1521),
        url("jdbc:oracle:oci:@tnsalias", "oracle.db", null, null, -1),
        url("jdbc:oracle:kprb:", "oracle.db", null, null, -1),
        // SQL Server
        url("jdbc:sqlserver://mssql:1433;databaseName=shop;encrypt=true", "microsoft.sql_server", "shop", "mssql", 1433),
        url("jdbc:sqlserver://mssql;database=shop", "microsoft.sql_server", "shop", "mssql", 1433),
        url("jdbc:sqlserver://mssql\\SQLEXPRESS;databaseName=shop", "microsoft.sql_server", "SQLEXPRESS|shop",
            "mssql", -1),
        url("jdbc:sqlserver://mssql\\INST:1444;databaseName=shop", "microsoft.sql_server", "INST|shop", "mssql", 1444),
        url("jdbc:sqlserver://;serverName=named;portNumber=1435;databaseName=db1", "microsoft.sql_server", "db1",
            "named", 1435),
        url("jdbc:sqlserver://mssql:1433", "microsoft.sql_server", null, "mssql", 1433),
        url("jdbc:jtds:sqlserver://jt:1434/shop;instance=I1", "microsoft.sql_server", "I1|shop", "jt", 1434),
        url("jdbc:jtds:sqlserver://jt/shop", "microsoft.sql_server", "shop", "jt", 1433),
        // DB2
        url("jdbc:db2://db2host:50001/SAMPLE:currentSchema=APP;", "ibm.db2", "SAMPLE", "db2host", 50001),
        url("jdbc:db2://db2host/SAMPLE", "ibm.db2", "SAMPLE", "db2host", 50000),
        url("jdbc:db2:SAMPLE", "ibm.db2", "SAMPLE", null, -1),
        url("jdbc:as400://ibmi.local/MYLIB;naming=system", "ibm.db2", "MYLIB", "ibmi.local", -1),
        // Derby
        url("jdbc:derby:memory:shop;create=true", "derby", "shop", null, -1),
        url("jdbc:derby:shopdb;create=true", "derby", "shopdb", null, -1),
        url("jdbc:derby:directory:/var/db/shop", "derby", "/var/db/shop", null, -1),
        url("jdbc:derby:jar:(/apps/db.jar)products", "derby", "products", null, -1),
        url("jdbc:derby://derbyhost:1528/shop;create=true;user=a", "derby", "shop", "derbyhost", 1528),
        url("jdbc:derby://derbyhost/shop", "derby", "shop", "derbyhost", 1527),
        // HSQLDB
        url("jdbc:hsqldb:mem:shop", "hsqldb", "shop", null, -1),
        url("jdbc:hsqldb:file:/data/shop;shutdown=true", "hsqldb", "/data/shop", null, -1),
        url("jdbc:hsqldb:res:/db/shop", "hsqldb", "/db/shop", null, -1),
        url("jdbc:hsqldb:hsql://hsqlhost:9002/shop", "hsqldb", "shop", "hsqlhost", 9002),
        url("jdbc:hsqldb:hsql://hsqlhost/shop", "hsqldb", "shop", "hsqlhost", 9001),
        url("jdbc:hsqldb:http://web.local/shop", "hsqldb", "shop", "web.local", 80),
        // SQLite
        url("jdbc:sqlite:/var/lib/app/shop.db", "sqlite", "/var/lib/app/shop.db", null, -1),
        url("jdbc:sqlite:shop.db", "sqlite", "shop.db", null, -1),
        url("jdbc:sqlite:file:shop.db?mode=ro", "sqlite", "shop.db", null, -1),
        url("jdbc:sqlite::memory:", "sqlite", null, null, -1),
        url("jdbc:sqlite:", "sqlite", null, null, -1),
        url("jdbc:sqlite:file::memory:?cache=shared", "sqlite", null, null, -1),
        // Others
        url("jdbc:informix-sqli://ifx:9088/stores:INFORMIXSERVER=ol", "ibm.informix", "stores", "ifx", 9088),
        url("jdbc:sap://hana:30015/?databaseName=HXE&user=a", "sap.hana", "HXE", "hana", 30015),
        url("jdbc:clickhouse://ch:8124/analytics", "clickhouse", "analytics", "ch", 8124),
        url("jdbc:clickhouse:http://ch/analytics", "clickhouse", "analytics", "ch", 8123),
        url("jdbc:trino://trino:8081/hive/sales", "trino", "hive/sales", "trino", 8081),
        url("jdbc:redshift://rs.aws:5439/dev", "aws.redshift", "dev", "rs.aws", 5439),
        url("jdbc:firebirdsql://fb:3051/employee", "firebirdsql", "employee", "fb", 3051),
        url("jdbc:hive2://hive:10001/default;transportMode=http", "hive", "default", "hive", 10001),
        url("jdbc:teradata://td.local/DATABASE=sales,DBS_PORT=1026", "teradata", "sales", "td.local", 1026),
        url("jdbc:cloudspanner:/projects/p/instances/i/databases/d", "gcp.spanner", null, null, -1),
        // Wrappers
        url("jdbc:p6spy:postgresql://wrapped:5432/shop", "postgresql", "shop", "wrapped", 5432),
        url("jdbc:log4jdbc:mysql://wrapped/shop", "mysql", "shop", "wrapped", 3306),
        url("jdbc:otel:h2:mem:x", "h2database", "x", null, -1),
        url("jdbc:tc:postgresql:15.4:///shop?TC_INITSCRIPT=init.sql", "postgresql", "shop", null, -1),
        // Unknown vendors
        url("jdbc:snowflake://acct.snowflakecomputing.com:443/?db=x", "other_sql", null,
            "acct.snowflakecomputing.com", 443),
        url("jdbc:somedb://somehost:1234/somedb", "other_sql", "somedb", "somehost", 1234),
        url("jdbc:somedb:whatever", "other_sql", null, null, -1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("urls")
  void parsesEachVendorsUrlForms(String url, DbConnectionInfo expected) {
    assertThat(JdbcUrlParser.parse(url)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "jdbc:", "jdbc:postgresql:", "jdbc:postgresql://", "jdbc:postgresql://:/",
      "jdbc:postgresql://host:notaport/db", "jdbc:postgresql://host:99999/db", "jdbc:postgresql://[::1/db",
      "jdbc:mysql://(host=", "jdbc:mysql://address=(host=h)(port=", "jdbc:oracle:thin:@", "jdbc:oracle:thin:@[",
      "jdbc:oracle:thin:@(DESCRIPTION=", "jdbc:oracle:thin:@host:port:sid", "jdbc:sqlserver://\\",
      "jdbc:sqlserver://;=;;a=b;portNumber=x", "jdbc:h2:tcp://", "jdbc:h2:tcp://h:1", "jdbc:derby:jar:(",
      "jdbc:hsqldb:hsql://", "jdbc:teradata://h/=,DBS_PORT=x", "jdbc:sap://h:1/?", "not a url at all",
      "jdbc:tc:", "jdbc:tc:tc:", "jdbc:p6spy:", "jdbc:db2://", "jdbc:jtds:", "jdbc:\u0000:\uffff//\ud800"})
  void oddUrlsNeverThrow(String url) {
    DbConnectionInfo info = assertDoesNotThrow(() -> JdbcUrlParser.parse(url));
    assertThat(info).isNotNull();
    assertThat(info.system()).isNotEmpty();
  }

  @Test
  void anUnreadablePortOrHostKeepsTheSystem() {
    assertThat(JdbcUrlParser.parse("jdbc:postgresql://host:notaport/db"))
        .isEqualTo(new DbConnectionInfo("postgresql", "db", "host", 5432));
    assertThat(JdbcUrlParser.parse("jdbc:oracle:thin:@").system()).isEqualTo("oracle.db");
    assertThat(JdbcUrlParser.parse(null)).isSameAs(DbConnectionInfo.UNKNOWN);
  }

  @Test
  void aPortWithoutAHostIsNotReported() {
    assertThat(new DbConnectionInfo("h2database", "x", null, 9092).serverPort()).isEqualTo(-1);
  }
}
