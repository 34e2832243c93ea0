package io.spanwise.kafkabroker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway single-node Kafka broker in KRaft mode (broker and controller in one process) on loopback,
 * run in a child JVM from the Maven Central jars of {@code kafka_2.13}. Topics are not created
 * automatically unless asked: tests create theirs, and a send to an unknown topic fails as on a
 * production cluster. {@link #close()} stops it and deletes its data; the child also stops on its own
 * when this JVM dies (it watches its standard input).
 *
 * <p>From the command line (the demo): {@code java -jar spanwise-kafka-broker.jar [--port 9092]} runs one
 * until interrupted.
 */
public final class KafkaBroker implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final String STARTED = "Kafka Server started";

  private final Process process;
  private final Path dir;
  private final int port;
  private final Thread cleanup;

  private KafkaBroker(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
    this.cleanup = new Thread(this::stop, "kafka-broker-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
  }

  /** A broker on a free port, topics created by the application only. */
  public static KafkaBroker start() throws IOException, InterruptedException {
    return start(0, false);
  }

  /**
   * Starts a broker and waits until it serves clients.
   *
   * @param port the client port, 0 for a free one
   * @param autoCreateTopics whether a topic is created on first use
   */
  public static KafkaBroker start(int port, boolean autoCreateTopics) throws IOException, InterruptedException {
    int clientPort = port > 0 ? port : freePort();
    int controllerPort = freePort();
    Path dir = Files.createTempDirectory("spanwise-kafka");
    Path config = dir.resolve("server.properties");
    Files.writeString(config, serverProperties(dir, clientPort, controllerPort, autoCreateTopics));
    Path log = dir.resolve("broker.log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Djava.net.preferIPv4Stack=true",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
        "-cp", classPath(),
        BrokerProcess.class.getName(), config.toString(), clusterId()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    KafkaBroker broker = new KafkaBroker(process, dir, clientPort);
    try {
      broker.awaitStarted(log);
      return broker;
    } catch (IOException | InterruptedException | RuntimeException e) {
      broker.close();
      throw e;
    }
  }

  /** {@code host:port} for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run
    }
  }

  private void stop() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    deleteRecursively(dir);
  }

  private void awaitStarted(Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String output = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
      if (output.contains(STARTED)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the Kafka broker exited with " + process.exitValue() + ":\n" + tail(output));
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the Kafka broker did not start within " + START_TIMEOUT + ":\n"
        + tail(Files.readString(log, StandardCharsets.ISO_8859_1)));
  }

  private static String tail(String output) {
    return output.length() <= 6000 ? output : output.substring(output.length() - 6000);
  }

  static String serverProperties(Path dir, int port, int controllerPort, boolean autoCreateTopics) {
    return String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + dir.resolve("data").toString().replace('\\', '/'),
        "num.partitions=1",
        "num.network.threads=2",
        "num.io.threads=2",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        // Tests join a group and expect records at once: no rebalance delay.
        "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=" + autoCreateTopics,
        "") ;
  }

  /** This module's classes, then the broker's jars resolved by Maven at build time. */
  private static String classPath() throws IOException {
    Path self;
    try {
      self = Path.of(KafkaBroker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = KafkaBroker.class.getResourceAsStream("kafka-broker.classpath")) {
      if (in == null) {
        throw new IllegalStateException("kafka-broker.classpath is missing: build the kafka-broker module with Maven");
      }
      return self + java.io.File.pathSeparator + new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
  }

  /**
   * A KRaft cluster id: 16 random bytes, base64 without padding (22 characters). Never starting with '-'
   * (one in 64 would): the storage tool would read it as an option and fail, as Kafka's own
   * {@code Uuid.randomUuid} avoids too.
   */
  private static String clusterId() {
    SecureRandom random = new SecureRandom();
    byte[] bytes = new byte[16];
    String id;
    do {
      random.nextBytes(bytes);
      id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    } while (id.startsWith("-"));
    return id;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code [--port N]}: runs a broker (topics created on first use) until this JVM is stopped. */
  public static void main(String[] args) throws Exception {
    int port = 9092;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--port") && i + 1 < args.length) {
        port = Integer.parseInt(args[++i]);
      }
    }
    KafkaBroker broker = start(port, true);
    System.out.println("Kafka broker (KRaft) listening on " + broker.bootstrapServers() + "; Ctrl-C stops it");
    Thread.currentThread().join();
  }
}
