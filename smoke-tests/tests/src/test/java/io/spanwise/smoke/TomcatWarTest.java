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
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A WAR (smoke-tests/apps/tomcat-war: doGet-only servlets declared in web.xml, H2 in WEB-INF/lib)
 * deployed into a standalone Tomcat 10.1, Apache's distribution from Maven Central, started the way an
 * operator starts it: {@code catalina.sh run} with the agent and its settings in {@code CATALINA_OPTS}.
 * The servlets and H2 come from Tomcat's child-first web-application class loader, the servlet API from
 * its common loader. Each request must be one SERVER span continuing the caller's trace, with its query
 * and its HttpClient call under it and the downstream request under that call: with the distribution as
 * shipped, where Tomcat's WebSocket filter runs in front of every request, and with the WebSocket
 * initializer filtered out, where only the servlets ({@code HttpServlet} first loaded as the supertype
 * of Tomcat's {@code DefaultServlet}) can make the span.
 */
class TomcatWarTest extends SmokeTest {
  private static final Pattern STARTED = Pattern.compile("Server startup in \\[?\\d+");

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(Jdk.current(), AS_SHIPPED),
        Arguments.of(Jdk.current(), WITHOUT_WEBSOCKET),
        Arguments.of(Jdk.temurin25(), WITHOUT_WEBSOCKET));
  }

  private static final String AS_SHIPPED = "as shipped";
  /** No WebSocket filter in front of the servlets: the servlets' own classes must make the span. */
  private static final String WITHOUT_WEBSOCKET = "WebSocket initializer filtered out";

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("cases")
  void aWarInAStandaloneTomcatIsTraced(Jdk jdk, String configuration) throws IOException {
    jdk.assumeInstalled();
    OtlpReceiver receiver = track(OtlpReceiver.start());
    Path home = SmokeEnv.tomcatHome();
    int port = freePort();
    Path base = catalinaBase(home, port, configuration.equals(WITHOUT_WEBSOCKET));
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

  /**
   * CATALINA_BASE for one run: the distribution's conf on {@code port}, no shutdown port, the WAR; and
   * with {@code noWebSocket} Tomcat's WebSocket initializer filtered out ({@code containerSciFilter}),
   * so its {@code WsFilter} is not in front of every request.
   */
  private static Path catalinaBase(Path home, int port, boolean noWebSocket) throws IOException {
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
    if (noWebSocket) {
      Path contextXml = conf.resolve("context.xml");
      String context = Files.readString(contextXml);
      String filtered = context.replace("<Context>",
          "<Context containerSciFilter=\"org\\.apache\\.tomcat\\.websocket\\.server\\.WsSci\">");
      if (filtered.equals(context)) {
        throw new IllegalStateException("unexpected context.xml in " + home + ": cannot filter WsSci out");
      }
      Files.writeString(contextXml, filtered);
    }
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
