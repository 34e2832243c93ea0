package io.spanwise.kafkabroker;

import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;

/**
 * The child JVM's main: formats the storage directory for KRaft (the {@code kafka-storage.sh format}
 * step), then runs the broker ({@code kafka.Kafka}, as {@code kafka-server-start.sh} does). Exits when its
 * standard input closes, i.e. when the JVM that started it is gone, so no broker outlives its test.
 * Reached by reflection: this class is compiled without the broker on the class path.
 */
public final class BrokerProcess {
  private BrokerProcess() {}

  public static void main(String[] args) throws Exception {
    String config = args[0];
    String clusterId = args[1];
    Thread watchdog = new Thread(() -> {
      try (InputStream in = System.in) {
        while (in.read() >= 0) {
          // nothing is sent: only the end of the stream matters
        }
      } catch (Exception ignored) {
        // the parent is gone either way
      }
      Runtime.getRuntime().halt(0);
    }, "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();

    Method format = Class.forName("kafka.tools.StorageTool").getMethod("execute", String[].class, PrintStream.class);
    Object code = format.invoke(null, new String[] {"format", "-t", clusterId, "-c", config}, System.out);
    if (!Integer.valueOf(0).equals(code)) {
      System.out.println("storage format failed: " + code);
      System.exit(1);
    }
    Class.forName("kafka.Kafka").getMethod("main", String[].class).invoke(null, (Object) new String[] {config});
  }
}
