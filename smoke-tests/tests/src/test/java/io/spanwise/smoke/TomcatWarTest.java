package io.spanwise.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.smoke.support.ChildJvm;
import io.spanwise.smoke.support.Http;
import io.spanwise.smoke.support.Jdk;
import io.spanwise.smoke.support.OtlpReceiver;
import io.spanwise.smoke.support.ShopTrace;
import io.spanwise.smoke.support.ShopTrace.Caller;
import io.spanwise.smoke.support.SmokeEnv;
import io.spanwise.smoke.support.SmokeTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A WAR (smoke-tests/apps/tomcat-war: doGet-only servlets declared in web.xml, H2 in WEB-INF/lib)
 * deployed into a standalone Tomcat 10.1, Apache's distribution from Maven Central, started the way an
 * operator starts it: {@code catalina.sh run} with the agent and its settings in {@code CATALINA_OPTS}.
 * The servlets and H2 come from Tomcat's child-first web-application class loader, the servlet API from
 * its common loader. Each request must be one SERVER span continuing the caller's trace, with its query
 * and its HttpClient call under it and the downstream request under that call.
 */
class TomcatWarTest extends SmokeTest {
  private static final Pattern STARTED = Pattern.compile("Server startup in \\[?\\d+");

  static Stream<Jdk> jdks() {
    return Jdk.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aWarInAStandaloneTomcatIsTraced(Jdk jdk) throws IOException {
    jdk.assumeInstalled();
    OtlpReceiver receiver = track(OtlpReceiver.start());
    Path home = SmokeEnv.tomcatHome();
    int port = freePort();
    Path base = catalinaBase(home, port);
    ChildJvm tomcat = track(app("tomcat")
        .launcher("/bin/sh", home.resolve("bin/catalina.sh").toString(), "run")
        .env("JAVA_HOME", jdk.home().toString())
        .env("CATALINA_HOME", home.toString())
        .env("CATALINA_BASE", base.toString())
        .env("CATALINA_OPTS", String.join(" ",
            "-javaagent:" + SmokeEnv.agentJar(),
            "-Dotel.service.name=tomcat-shop",
            "-Dotel.exporter.otlp.endpoint=" + receiver.endpoint(),
            "-Dotel.bsp.schedule.delay=200"))
        .start());
    tomcat.awaitStderr(STARTED, ChildJvm.START_TIMEOUT);

    List<Caller> callers = new ArrayList<>();
    for (String item : List.of("mug", "book", "mug")) {
      Caller caller = Caller.random();
      HttpResponse<String> response = Http.get(port, "/shop/checkout?item=" + item,
          "traceparent", caller.traceparent());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.body()).startsWith("item=" + item + " price=");
      ShopTrace.Checkout spans = ShopTrace.assertCheckout(receiver, caller, "/shop/checkout", "/shop/inventory",
          response.body());
      assertThat(spans.server().resourceAttributes()).containsEntry("service.name", "tomcat-shop");
      callers.add(caller);
    }

    tomcat.stop();
    for (Caller caller : callers) {
      ShopTrace.assertWholeTrace(receiver, caller);
    }
    ShopTrace.assertNoOrphans(receiver);
    assertThat(exceptionOutput(tomcat.stderrLines())).as(tomcat.describe()).isEmpty();
  }

  /** CATALINA_BASE for one run: the distribution's conf on {@code port}, no shutdown port, the WAR. */
  private static Path catalinaBase(Path home, int port) throws IOException {
    Path base = Files.createTempDirectory(SmokeEnv.logsDir().getParent(), "catalina-base-");
    Path conf = Files.createDirectories(base.resolve("conf"));
    try (Stream<Path> files = Files.list(home.resolve("conf"))) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        Files.copy(file, conf.resolve(file.getFileName()));
      }
    }
    Path serverXml = conf.resolve("server.xml");
    String xml = Files.readString(serverXml);
    String changed = xml.replace("<Server port=\"8005\"", "<Server port=\"-1\"")
        .replace("<Connector port=\"8080\"", "<Connector port=\"" + port + "\" address=\"127.0.0.1\"");
    if (!changed.contains("<Server port=\"-1\"") || !changed.contains("<Connector port=\"" + port + "\"")) {
      throw new IllegalStateException("unexpected server.xml in " + home + ": cannot set the ports");
    }
    Files.writeString(serverXml, changed);
    for (String dir : List.of("logs", "temp", "work", "webapps")) {
      Files.createDirectories(base.resolve(dir));
    }
    Files.copy(SmokeEnv.tomcatWar(), base.resolve("webapps/shop.war"));
    return base;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
