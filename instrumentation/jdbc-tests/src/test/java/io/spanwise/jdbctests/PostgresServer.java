package io.spanwise.jdbctests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for one test class: {@code initdb} into a temporary directory, started
 * with {@code pg_ctl} on a free loopback port with trust authentication, stopped and deleted by
 * {@link #close()} (and by a shutdown hook should the test JVM exit first). Uses the binaries of Debian's
 * {@code postgresql} package; {@code initdb} refuses to run as root, so as root the server runs as the
 * {@code postgres} user.
 */
final class PostgresServer implements AutoCloseable {
  static final String DATABASE = "shop";
  private static final Path PACKAGE_ROOT = Path.of("/usr/lib/postgresql");

  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgresUser;
  private final Thread cleanup;
  private boolean closed;

  private PostgresServer(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
    this.cleanup = new Thread(this::stopQuietly, "postgres-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
  }

  /** Starts a server with an empty database {@link #DATABASE}; fails clearly when PostgreSQL is not installed. */
  static PostgresServer start() throws Exception {
    Path bin = findBinaries();
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("spanwise-pg");
    if (root) {
      run(List.of("chown", "postgres:postgres", dir.toString()), false, dir);
    }
    PostgresServer server = new PostgresServer(bin, dir, freePort(), root);
    try {
      server.initAndStart();
      try (Connection c = DriverManager.getConnection(server.url("postgres"), "postgres", "");
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + DATABASE);
      }
      return server;
    } catch (Exception | Error e) {
      server.close();
      throw e;
    }
  }

  private static Path findBinaries() throws IOException {
    if (Files.isDirectory(PACKAGE_ROOT)) {
      try (Stream<Path> versions = Files.list(PACKAGE_ROOT)) {
        Path bin = versions.map(v -> v.resolve("bin"))
            .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
            .max(Comparator.comparingInt(PostgresServer::majorVersion))
            .orElse(null);
        if (bin != null) {
          return bin;
        }
      }
    }
    throw new IllegalStateException("PostgreSQL is not installed: no " + PACKAGE_ROOT + "/<version>/bin/initdb."
        + " These tests run a real PostgreSQL server; install it with"
        + " `apt-get install -y postgresql` (Debian/Ubuntu; .ci/run does this), then run them again.");
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private void initAndStart() throws Exception {
    Path data = dir.resolve("data");
    run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
        "-E", "UTF8", "--no-sync", "--no-instructions"), asPostgresUser, dir);
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
        "-w", "-t", "60", "-o",
        "-h 127.0.0.1 -p " + port + " -k " + dir + " -c fsync=off -c synchronous_commit=off"
            + " -c full_page_writes=off -c log_statement=all",
        "start"), asPostgresUser, dir);
  }

  /** A JDBC URL of a database of this server. */
  String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  String url() {
    return url(DATABASE);
  }

  int port() {
    return port;
  }

  /** The server's log so far; every statement it received is logged ({@code log_statement=all}). */
  String log() throws IOException {
    return Files.readString(dir.resolve("server.log"), StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void close() {
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or ran
    }
  }

  private synchronized void stopQuietly() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
            "-w", "-t", "30", "stop"), asPostgresUser, dir);
      }
    } catch (Exception e) {
      System.err.println("could not stop the test PostgreSQL server in " + dir + ": " + e);
    }
    deleteRecursively(dir);
  }

  private static void run(List<String> command, boolean asPostgresUser, Path dir) throws Exception {
    List<String> full = new ArrayList<>();
    if (asPostgresUser) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    Path log = Files.createTempFile("spanwise-pg-cmd", ".log");
    try {
      Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", full));
      }
      if (p.exitValue() != 0) {
        String serverLog = Files.exists(dir.resolve("server.log"))
            ? "\nserver log:\n" + Files.readString(dir.resolve("server.log")) : "";
        throw new IllegalStateException("failed (exit " + p.exitValue() + "): " + String.join(" ", full) + "\n"
            + Files.readString(log, StandardCharsets.UTF_8) + serverLog);
      }
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not delete " + root + ": " + e);
    }
  }
}
