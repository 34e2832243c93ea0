package io.spanwise.instrumentation.jdbc.agent;

import io.spanwise.instrumentation.support.HostNames;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a JDBC URL into a {@link DbConnectionInfo}: the {@code db.system.name} (OpenTelemetry semantic
 * conventions' well-known values), the database name, and the server's host and port. In-memory and
 * embedded databases have no server. Unknown vendors give {@code other_sql} (with the host, port and
 * path of a {@code //host:port/path} URL when it has that form).
 *
 * <p>Never throws: a URL it cannot read gives as much as it could read, at least {@code other_sql}. The
 * URL itself is never kept, so credentials in it ({@code user:password@}, {@code ?password=}) go nowhere.
 */
public final class JdbcUrlParser {
  // db.system.name well-known values (semantic conventions 1.33+)
  static final String POSTGRESQL = "postgresql";
  static final String MYSQL = "mysql";
  static final String MARIADB = "mariadb";
  static final String ORACLE = "oracle.db";
  static final String SQL_SERVER = "microsoft.sql_server";
  static final String DB2 = "ibm.db2";
  static final String DERBY = "derby";
  static final String HSQLDB = "hsqldb";
  static final String H2 = "h2database";
  static final String SQLITE = "sqlite";
  static final String INFORMIX = "ibm.informix";
  static final String HANA = "sap.hana";
  static final String CLICKHOUSE = "clickhouse";
  static final String TRINO = "trino";
  static final String REDSHIFT = "aws.redshift";
  static final String FIREBIRD = "firebirdsql";
  static final String HIVE = "hive";
  static final String TERADATA = "teradata";
  static final String SPANNER = "gcp.spanner";

  /** Drivers that wrap another driver's URL: {@code jdbc:p6spy:postgresql://...}. */
  private static final String[] WRAPPERS = {"p6spy:", "log4jdbc:", "otel:", "tc:"};

  private static final Pattern KV_HOST = Pattern.compile("(?i)\\bhost\\s*=\\s*([^,)\\s]+)");
  private static final Pattern KV_PORT = Pattern.compile("(?i)\\bport\\s*=\\s*(\\d+)");
  private static final Pattern ORACLE_SERVICE =
      Pattern.compile("(?i)\\b(?:SERVICE_NAME|SID)\\s*=\\s*([^)\\s]+)");

  private JdbcUrlParser() {}

  /** The connection info of {@code url}; {@link DbConnectionInfo#UNKNOWN} for null or unreadable URLs. */
  public static DbConnectionInfo parse(String url) {
    if (url == null) {
      return DbConnectionInfo.UNKNOWN;
    }
    try {
      return parseUrl(url.trim());
    } catch (RuntimeException e) {
      return DbConnectionInfo.UNKNOWN;
    }
  }

  private static DbConnectionInfo parseUrl(String url) {
    String rest = url;
    if (startsWithIgnoreCase(rest, "jdbc:")) {
      rest = rest.substring(5);
    }
    boolean testcontainers = false;
    for (boolean stripped = true; stripped; ) {
      stripped = false;
      for (String wrapper : WRAPPERS) {
        if (startsWithIgnoreCase(rest, wrapper)) {
          testcontainers |= wrapper.equals("tc:");
          rest = rest.substring(wrapper.length());
          stripped = true;
        }
      }
    }
    int colon = rest.indexOf(':');
    if (colon <= 0) {
      return DbConnectionInfo.UNKNOWN;
    }
    String vendor = rest.substring(0, colon).toLowerCase(Locale.ROOT);
    String spec = rest.substring(colon + 1);
    if (testcontainers) {
      // jdbc:tc:postgresql:15.4:///db -- an image tag, then a host-less URL (the container is the host)
      int slashes = spec.indexOf("//");
      DbConnectionInfo inner = parseUrl(vendor + ":" + (slashes >= 0 ? spec.substring(slashes) : spec));
      return new DbConnectionInfo(inner.system(), inner.namespace(), null, -1);
    }
    try {
      return parseVendor(vendor, spec);
    } catch (RuntimeException unreadable) {
      // at least the system: the rest of the URL is in a form this parser does not know
      return new DbConnectionInfo(parseVendor(vendor, "").system(), null, null, -1);
    }
  }

  private static DbConnectionInfo parseVendor(String vendor, String spec) {
    switch (vendor) {
      case "postgresql":
      case "pgsql":
        return postgresql(spec);
      case "mysql":
      case "mysqlx":
      case "mysql+srv":
      case "mysqlx+srv":
        return mysqlLike(MYSQL, spec, vendor.startsWith("mysqlx") ? 33060 : vendor.endsWith("srv") ? -1 : 3306);
      case "mariadb":
        return mysqlLike(MARIADB, spec, 3306);
      case "oracle":
        return oracle(spec);
      case "sqlserver":
        return sqlServer(spec);
      case "jtds":
        return jtds(spec);
      case "db2":
        return db2(spec);
      case "as400":
        return withServer(DB2, spec, -1, ";?");
      case "derby":
        return derby(spec);
      case "hsqldb":
        return hsqldb(spec);
      case "h2":
        return h2(spec);
      case "sqlite":
        return sqlite(spec);
      case "informix-sqli":
        return withServer(INFORMIX, spec, -1, ":;?");
      case "sap":
        return hana(spec);
      case "clickhouse":
      case "ch":
        return withServer(CLICKHOUSE, stripScheme(spec, "http:", "https:", "grpc:"), 8123, "?;");
      case "trino":
        return withServer(TRINO, spec, 8080, "?;");
      case "redshift":
        return withServer(REDSHIFT, stripScheme(spec, "iam:"), 5439, "?;");
      case "firebirdsql":
      case "firebird":
        return withServer(FIREBIRD, stripScheme(spec, "java:", "native:", "local:"), 3050, "?;");
      case "hive2":
        return withServer(HIVE, spec, 10000, "?;");
      case "teradata":
        return teradata(spec);
      case "cloudspanner":
        return new DbConnectionInfo(SPANNER, null, null, -1);
      default:
        return withServer(DbConnectionInfo.OTHER_SQL, spec, -1, "?;");
    }
  }

  // ---------------------------------------------------------------- vendors

  /** {@code //host[:port][,host2[:port2]]/db?props}, or {@code db}, or {@code /}: localhost:5432. */
  private static DbConnectionInfo postgresql(String spec) {
    if (spec.startsWith("//")) {
      Authority a = Authority.parse(spec, 2, false);
      String host = a.host == null ? "localhost" : a.host;
      return new DbConnectionInfo(POSTGRESQL, pathUntil(spec, a.end, "?;"), host, a.port > 0 ? a.port : 5432);
    }
    return new DbConnectionInfo(POSTGRESQL, cut(trimSlashes(spec), "?;"), "localhost", 5432);
  }

  /**
   * MySQL and MariaDB: {@code [loadbalance:|replication:|...]//[user:pass@]host[:port][,...]/db?props},
   * hosts also written {@code address=(host=h)(port=p)} or {@code (host=h,port=p)}.
   */
  private static DbConnectionInfo mysqlLike(String system, String spec, int defaultPort) {
    int slashes = spec.indexOf("//");
    if (slashes < 0) {
      return new DbConnectionInfo(system, null, null, -1);
    }
    Authority a = Authority.parse(spec, slashes + 2, true);
    String host = a.host == null ? "localhost" : a.host;
    return new DbConnectionInfo(system, pathUntil(spec, a.end, "?;"), host, a.port > 0 ? a.port : defaultPort);
  }

  /**
   * {@code thin:@host:port:SID}, {@code thin:@//host:port/service}, {@code thin:user/pass@host:port/service},
   * {@code thin:@tcps://host:port/service}, {@code thin:@(DESCRIPTION=(ADDRESS=(HOST=h)(PORT=p))
   * (CONNECT_DATA=(SERVICE_NAME=s)))}; {@code oci:@alias} and {@code kprb:} give the system only.
   */
  private static DbConnectionInfo oracle(String spec) {
    int at = spec.indexOf('@');
    if (at < 0) {
      return new DbConnectionInfo(ORACLE, null, null, -1);
    }
    String target = spec.substring(at + 1).trim();
    if (target.startsWith("(")) {
      String host = group(KV_HOST, target);
      String port = group(KV_PORT, target);
      return new DbConnectionInfo(ORACLE, group(ORACLE_SERVICE, target), host,
          port == null ? 1521 : parsePort(port));
    }
    // oci:@alias is a TNS alias, not a host; so is an LDAP lookup
    if (!startsWithIgnoreCase(spec, "thin:") || startsWithIgnoreCase(target, "ldap:")
        || startsWithIgnoreCase(target, "ldaps:") || target.isEmpty()) {
      return new DbConnectionInfo(ORACLE, null, null, -1);
    }
    target = stripScheme(target, "tcp:", "tcps:");
    if (target.startsWith("//")) {
      target = target.substring(2);
    }
    target = cut(target, "?");
    String hostPort;
    String service = null;
    int slash = target.indexOf('/');
    if (slash >= 0) {
      hostPort = target.substring(0, slash);
      service = cut(target.substring(slash + 1), ":/");
    } else {
      hostPort = target;
    }
    String host;
    int port = 1521;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      host = hostPort.substring(1, close);
      String after = hostPort.substring(close + 1);
      if (after.startsWith(":")) {
        String[] parts = after.substring(1).split(":", -1);
        port = parsePort(parts[0]);
        if (service == null && parts.length > 1) {
          service = parts[1];
        }
      }
    } else {
      String[] parts = hostPort.split(":", -1);
      host = parts[0];
      if (parts.length > 1) {
        port = parsePort(parts[1]);
      }
      if (service == null && parts.length > 2) {
        service = parts[2]; // host:port:SID
      }
    }
    return new DbConnectionInfo(ORACLE, service, host, port);
  }

  /**
   * {@code //[serverName[\instanceName][:port]][;property=value...]} with properties serverName,
   * instanceName, portNumber/port, databaseName/database. The namespace is {@code instance|database}.
   * A named instance without a port has a port only the SQL Server Browser knows.
   */
  private static DbConnectionInfo sqlServer(String spec) {
    String rest = spec.startsWith("//") ? spec.substring(2) : spec;
    int semi = rest.indexOf(';');
    String server = semi < 0 ? rest : rest.substring(0, semi);
    String props = semi < 0 ? "" : rest.substring(semi + 1);
    String host = null;
    String instance = null;
    int port = -1;
    String database = null;
    for (String prop : props.split(";")) {
      int eq = prop.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = prop.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = prop.substring(eq + 1).trim();
      switch (key) {
        case "servername":
        case "server":
          if (server.isEmpty()) {
            server = value;
          }
          break;
        case "instancename":
          instance = value;
          break;
        case "portnumber":
        case "port":
          port = parsePort(value);
          break;
        case "databasename":
        case "database":
          database = value;
          break;
        default:
          break;
      }
    }
    if (!server.isEmpty()) {
      // serverName[\instanceName][:portNumber]; an IPv6 address is bracketed
      int colon = server.lastIndexOf(':');
      if (colon > server.lastIndexOf(']')) {
        port = parsePort(server.substring(colon + 1));
        server = server.substring(0, colon);
      }
      int backslash = server.indexOf('\\');
      if (backslash >= 0) {
        instance = server.substring(backslash + 1);
        server = server.substring(0, backslash);
      }
      host = HostNames.withoutBrackets(server);
    }
    if (port <= 0 && instance == null) {
      port = 1433;
    }
    return new DbConnectionInfo(SQL_SERVER, qualify(instance, database), host, port);
  }

  /** jTDS: {@code sqlserver://host[:port][/db][;instance=i;...]} or {@code sybase://...}. */
  private static DbConnectionInfo jtds(String spec) {
    boolean sqlServer = startsWithIgnoreCase(spec, "sqlserver:");
    String system = sqlServer ? SQL_SERVER : DbConnectionInfo.OTHER_SQL;
    int slashes = spec.indexOf("//");
    if (slashes < 0) {
      return new DbConnectionInfo(system, null, null, -1);
    }
    Authority a = Authority.parse(spec, slashes + 2, false);
    String database = pathUntil(spec, a.end, ";?");
    String instance = null;
    for (String prop : spec.substring(a.end).split(";")) {
      int eq = prop.indexOf('=');
      if (eq > 0) {
        String key = prop.substring(0, eq).trim().toLowerCase(Locale.ROOT);
        if (key.equals("instance")) {
          instance = prop.substring(eq + 1).trim();
        } else if (key.equals("databasename")) {
          database = prop.substring(eq + 1).trim();
        }
      }
    }
    int port = a.port > 0 ? a.port : instance != null ? -1 : sqlServer ? 1433 : 7100;
    return new DbConnectionInfo(system, qualify(instance, database), a.host, port);
  }

  /** {@code //host[:port]/db[:props;]} (type 4), or {@code db} (a local catalogued database). */
  private static DbConnectionInfo db2(String spec) {
    if (spec.startsWith("//")) {
      Authority a = Authority.parse(spec, 2, false);
      return new DbConnectionInfo(DB2, pathUntil(spec, a.end, ":;?"), a.host, a.port > 0 ? a.port : 50000);
    }
    return new DbConnectionInfo(DB2, cut(spec, ":;?"), null, -1);
  }

  /**
   * Network {@code //host[:port]/db[;props]}, or embedded {@code [memory:|directory:|classpath:|jar:(archive)]db}.
   */
  private static DbConnectionInfo derby(String spec) {
    if (spec.startsWith("//")) {
      Authority a = Authority.parse(spec, 2, false);
      return new DbConnectionInfo(DERBY, pathUntil(spec, a.end, ";"), a.host, a.port > 0 ? a.port : 1527);
    }
    String name = cut(spec, ";");
    for (String prefix : new String[] {"memory:", "directory:", "classpath:", "jar:"}) {
      if (startsWithIgnoreCase(name, prefix)) {
        name = name.substring(prefix.length());
        break;
      }
    }
    if (name.startsWith("(")) {
      int close = name.indexOf(')');
      name = close < 0 ? "" : name.substring(close + 1);
    }
    return new DbConnectionInfo(DERBY, name, null, -1);
  }

  /** {@code mem:name}, {@code file:path}, {@code res:path}, {@code hsql[s]://host[:port]/alias}, {@code http[s]://...}. */
  private static DbConnectionInfo hsqldb(String spec) {
    String lower = spec.toLowerCase(Locale.ROOT);
    String[][] servers = {{"hsql:", "9001"}, {"hsqls:", "554"}, {"http:", "80"}, {"https:", "443"}};
    for (String[] server : servers) {
      if (lower.startsWith(server[0] + "//")) {
        int start = server[0].length() + 2;
        Authority a = Authority.parse(spec, start, false);
        int port = a.port > 0 ? a.port : Integer.parseInt(server[1]);
        return new DbConnectionInfo(HSQLDB, pathUntil(spec, a.end, ";?"), a.host, port);
      }
    }
    String name = cut(spec, ";");
    for (String prefix : new String[] {"mem:", "file:", "res:"}) {
      if (lower.startsWith(prefix)) {
        name = name.substring(prefix.length());
        break;
      }
    }
    return new DbConnectionInfo(HSQLDB, name, null, -1);
  }

  /**
   * {@code mem:name}, {@code tcp://host[:port]/path}, {@code ssl://host[:port]/path}, or a file database
   * ({@code ~/test}, {@code file:/data/db}, {@code nio:...}, {@code split:...}); properties after {@code ;}.
   */
  private static DbConnectionInfo h2(String spec) {
    String url = cut(spec, ";");
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("tcp://") || lower.startsWith("ssl://")) {
      Authority a = Authority.parse(url, 6, false);
      String path = a.end < url.length() && url.charAt(a.end) == '/' ? url.substring(a.end + 1) : null;
      return new DbConnectionInfo(H2, path == null ? null : stripH2Prefixes(path), a.host,
          a.port > 0 ? a.port : 9092);
    }
    if (lower.startsWith("mem:")) {
      return new DbConnectionInfo(H2, url.substring(4), null, -1);
    }
    return new DbConnectionInfo(H2, stripH2Prefixes(url), null, -1);
  }

  private static String stripH2Prefixes(String path) {
    String[] prefixes = {"mem:", "file:", "nio:", "niomapped:", "niomemfs:", "niomemlzf:", "split:", "async:",
        "memfs:", "memlzf:", "zip:", "rec:", "retry:"};
    for (boolean stripped = true; stripped; ) {
      stripped = false;
      for (String prefix : prefixes) {
        if (startsWithIgnoreCase(path, prefix)) {
          path = path.substring(prefix.length());
          stripped = true;
        }
      }
      // split:26:/path -- a split size before the path
      int colon = path.indexOf(':');
      if (colon > 0 && path.substring(0, colon).chars().allMatch(Character::isDigit)) {
        path = path.substring(colon + 1);
        stripped = true;
      }
    }
    return path;
  }

  /** {@code path/to.db}, {@code file:path?params}; {@code :memory:}, empty and memory URIs have no name. */
  private static DbConnectionInfo sqlite(String spec) {
    String lower = spec.toLowerCase(Locale.ROOT);
    if (spec.isEmpty() || lower.contains(":memory:") || lower.contains("mode=memory")) {
      return new DbConnectionInfo(SQLITE, null, null, -1);
    }
    String path = spec;
    if (startsWithIgnoreCase(path, "file:")) {
      path = path.substring(5);
    }
    return new DbConnectionInfo(SQLITE, cut(path, "?"), null, -1);
  }

  /** {@code //host:port[/?databaseName=db&...]}. */
  private static DbConnectionInfo hana(String spec) {
    if (!spec.startsWith("//")) {
      return new DbConnectionInfo(HANA, null, null, -1);
    }
    Authority a = Authority.parse(spec, 2, false);
    String database = null;
    int q = spec.indexOf('?', a.end);
    if (q >= 0) {
      for (String param : spec.substring(q + 1).split("&")) {
        if (startsWithIgnoreCase(param, "databaseName=")) {
          database = param.substring("databaseName=".length());
        }
      }
    }
    return new DbConnectionInfo(HANA, database, a.host, a.port);
  }

  /** {@code //host[/DATABASE=db,DBS_PORT=1025,...]}. */
  private static DbConnectionInfo teradata(String spec) {
    if (!spec.startsWith("//")) {
      return new DbConnectionInfo(TERADATA, null, null, -1);
    }
    Authority a = Authority.parse(spec, 2, false);
    String database = null;
    int port = a.port > 0 ? a.port : 1025;
    if (a.end < spec.length()) {
      for (String param : spec.substring(a.end + 1).split(",")) {
        int eq = param.indexOf('=');
        if (eq > 0) {
          String key = param.substring(0, eq).trim().toUpperCase(Locale.ROOT);
          String value = param.substring(eq + 1).trim();
          if (key.equals("DATABASE")) {
            database = value;
          } else if (key.equals("DBS_PORT")) {
            port = parsePort(value);
          }
        }
      }
    }
    return new DbConnectionInfo(TERADATA, database, a.host, port);
  }

  /** A {@code //host[:port]/path} URL of any other vendor (or just the system when it has no such form). */
  private static DbConnectionInfo withServer(String system, String spec, int defaultPort, String pathEnd) {
    int slashes = spec.indexOf("//");
    if (slashes != 0) {
      return new DbConnectionInfo(system, null, null, -1);
    }
    Authority a = Authority.parse(spec, 2, false);
    return new DbConnectionInfo(system, pathUntil(spec, a.end, pathEnd), a.host, a.port > 0 ? a.port : defaultPort);
  }

  // ---------------------------------------------------------------- pieces

  /** The first host of {@code [user[:password]@]host[:port][,host2...]} and where the list ended. */
  private static final class Authority {
    String host;
    int port = -1;
    /** Index just past the host list: a '/', '?', ';' or the end. */
    int end;

    static Authority parse(String s, int start, boolean keyValueHosts) {
      Authority a = new Authority();
      int depth = 0;
      int end = start;
      for (; end < s.length(); end++) {
        char c = s.charAt(end);
        if (c == '(') {
          depth++;
        } else if (c == ')') {
          depth--;
        } else if (depth <= 0 && (c == '/' || c == '?' || c == ';')) {
          break;
        }
      }
      a.end = end;
      String hosts = s.substring(start, end);
      int at = hosts.lastIndexOf('@');
      if (at >= 0) {
        hosts = hosts.substring(at + 1);
      }
      if (keyValueHosts && hosts.toLowerCase(Locale.ROOT).contains("host=")) {
        a.host = group(KV_HOST, hosts);
        String port = group(KV_PORT, hosts);
        a.port = port == null ? -1 : parsePort(port);
        return a;
      }
      String first = firstOf(hosts);
      if (first.startsWith("[")) {
        int close = first.indexOf(']');
        a.host = close < 0 ? first.substring(1) : first.substring(1, close);
        if (close >= 0 && first.startsWith(":", close + 1)) {
          a.port = parsePort(first.substring(close + 2));
        }
      } else {
        int colon = first.lastIndexOf(':');
        if (colon >= 0) {
          a.port = parsePort(first.substring(colon + 1));
          first = first.substring(0, colon);
        }
        a.host = first.isEmpty() ? null : first;
      }
      return a;
    }

    private static String firstOf(String hosts) {
      int comma = hosts.indexOf(',');
      return (comma < 0 ? hosts : hosts.substring(0, comma)).trim();
    }
  }

  /** The path after the host list ({@code /db}), up to the first of {@code stops}; null when empty. */
  private static String pathUntil(String s, int authorityEnd, String stops) {
    if (authorityEnd >= s.length() || s.charAt(authorityEnd) != '/') {
      return null;
    }
    String path = cut(s.substring(authorityEnd + 1), stops);
    return path.isEmpty() ? null : path;
  }

  /** {@code s} up to (not including) the first character of {@code stops}. */
  private static String cut(String s, String stops) {
    for (int i = 0; i < s.length(); i++) {
      if (stops.indexOf(s.charAt(i)) >= 0) {
        return s.substring(0, i);
      }
    }
    return s;
  }

  private static String trimSlashes(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == '/') {
      i++;
    }
    return s.substring(i);
  }

  private static String stripScheme(String spec, String... schemes) {
    for (String scheme : schemes) {
      if (startsWithIgnoreCase(spec, scheme)) {
        return spec.substring(scheme.length());
      }
    }
    return spec;
  }


  private static String qualify(String instance, String database) {
    if (instance == null || instance.isEmpty()) {
      return database;
    }
    return database == null || database.isEmpty() ? instance : instance + "|" + database;
  }

  private static int parsePort(String s) {
    String digits = s.trim();
    if (digits.isEmpty() || digits.length() > 5) {
      return -1;
    }
    for (int i = 0; i < digits.length(); i++) {
      if (!Character.isDigit(digits.charAt(i))) {
        return -1;
      }
    }
    int port = Integer.parseInt(digits);
    return port > 0 && port <= 65535 ? port : -1;
  }

  private static String group(Pattern pattern, String s) {
    Matcher m = pattern.matcher(s);
    return m.find() ? m.group(1) : null;
  }

  private static boolean startsWithIgnoreCase(String s, String prefix) {
    return s.regionMatches(true, 0, prefix, 0, prefix.length());
  }
}
