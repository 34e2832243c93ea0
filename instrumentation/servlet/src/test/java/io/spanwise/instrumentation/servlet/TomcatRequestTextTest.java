package io.spanwise.instrumentation.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On a real (embedded) Tomcat, what the request's bytes give is what the servlet API answers, for the
 * headers and the query the agent reads, sent as raw bytes: an ISO-8859-1 value, a header on two lines,
 * a percent-encoded query, an empty query, absent ones.
 */
class TomcatRequestTextTest {
  private final Map<String, Object> seen = new ConcurrentHashMap<>();
  private final List<String> userAgents = Collections.synchronizedList(new ArrayList<>());
  private final List<String> serverNames = Collections.synchronizedList(new ArrayList<>());
  private final List<String> paths = Collections.synchronizedList(new ArrayList<>());
  private Tomcat tomcat;
  private int port;

  @BeforeEach
  void startTomcat() throws Exception {
    Path base = Files.createTempDirectory("tomcat");
    tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", base.toString());
    Tomcat.addServlet(context, "probe", new HttpServlet() {
      @Override
      protected void service(HttpServletRequest request, HttpServletResponse response) {
        probe(request);
        response.setStatus(204);
      }
    });
    context.addServletMappingDecoded("/*", "probe");
    tomcat.start();
    port = connector.getLocalPort();
  }

  @AfterEach
  void stopTomcat() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }

  private void probe(HttpServletRequest request) {
    // read here first, as the agent does when the request's span starts: once the servlet API has made
    // Tomcat's own string of a value, that string is what both answer
    if (request.getHeader("X-Application-Reads-Path") != null) {
      seen.put("path the application read", request.getRequestURI()); // as Spring does before the agent
    }
    paths.add(TomcatRequestText.path(request));
    seen.put("api path", String.valueOf(request.getRequestURI()));
    userAgents.add(TomcatRequestText.userAgent(request));
    serverNames.add(TomcatRequestText.serverName(request));
    seen.put("user agent", String.valueOf(TomcatRequestText.userAgent(request)));
    seen.put("api user agent", String.valueOf(request.getHeader("User-Agent")));
    seen.put("server name", String.valueOf(TomcatRequestText.serverName(request)));
    seen.put("api server name", String.valueOf(request.getServerName()));
    seen.put("reads", TomcatRequestText.reads(request));
    for (String name : new String[] {"User-Agent", "X-Latin", "tracestate", "traceparent", "absent"}) {
      seen.put("header " + name, String.valueOf(TomcatRequestText.header(request, name)));
      seen.put("api header " + name, String.valueOf(request.getHeader(name)));
      seen.put("headers " + name, list(TomcatRequestText.headers(request, name)));
      seen.put("api headers " + name, list(request.getHeaders(name).asIterator()));
    }
    seen.put("query", String.valueOf(TomcatRequestText.query(request)));
    seen.put("api query", String.valueOf(request.getQueryString()));
  }

  private static List<String> list(Iterator<String> values) {
    List<String> list = new ArrayList<>();
    values.forEachRemaining(list::add);
    return list;
  }

  @Test
  void headersAndQueryAreTheServletApisAnswers() throws IOException {
    byte[] request = ("GET /inventory?item=mug%20blue&q=caf%C3%A9+x HTTP/1.1\r\n"
        + "Host: localhost\r\n"
        + "User-Agent: Java-http-client/17.0.15\r\n"
        + "X-Latin: caf\u00e9 cr\u00e8me\r\n"
        + "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\r\n"
        + "tracestate: vendor=a:1\r\n"
        + "TraceState: other=b:2\r\n"
        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    assertThat(send(request)).startsWith("HTTP/1.1 204");

    assertThat(seen.get("reads")).isEqualTo(true);
    for (String name : new String[] {"User-Agent", "X-Latin", "tracestate", "traceparent", "absent"}) {
      assertThat(seen.get("header " + name)).as(name).isEqualTo(seen.get("api header " + name));
      assertThat(seen.get("headers " + name)).as(name).isEqualTo(seen.get("api headers " + name));
    }
    assertThat(seen.get("header X-Latin")).isEqualTo("caf\u00e9 cr\u00e8me");
    assertThat(seen.get("headers tracestate")).isEqualTo(List.of("vendor=a:1", "other=b:2"));
    assertThat(seen.get("header absent")).isEqualTo("null");
    assertThat(seen.get("headers absent")).isEqualTo(Collections.emptyList());
    assertThat(seen.get("query")).isEqualTo("item=mug%20blue&q=caf%C3%A9+x").isEqualTo(seen.get("api query"));
  }

  /**
   * The user agent and the host name repeat from request to request: a request that spells one seen
   * before gets the same string, not a new one; a different one, or one that is not ASCII, is the
   * servlet API's answer all the same.
   */
  @Test
  void userAgentAndServerNameAreTheServletApisAnswersAndRepeatedOnesAreOneString() throws IOException {
    String[][] requests = {
        {"Shop.Example:8080", "Java-http-client/17.0.15"},
        {"Shop.Example:8080", "Java-http-client/17.0.15"},
        {"other.example", "curl/8.5.0"},
        {"Shop.Example", "caf\u00e9-agent/1"},
        {"Shop.Example:8080", "caf\u00e9-agent/1"},
        {"Shop.Example:8080", "Java-http-client/17.0.15"},
    };
    for (String[] hostAndAgent : requests) {
      send(("GET /inventory HTTP/1.1\r\nHost: " + hostAndAgent[0] + "\r\nUser-Agent: " + hostAndAgent[1]
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      assertThat(seen.get("user agent")).isEqualTo(hostAndAgent[1]).isEqualTo(seen.get("api user agent"));
      assertThat(seen.get("server name")).isEqualTo(seen.get("api server name"))
          .isEqualTo(hostAndAgent[0].replace(":8080", ""));
    }
    assertThat(userAgents.get(1)).isSameAs(userAgents.get(0));
    assertThat(userAgents.get(5)).isSameAs(userAgents.get(0));
    assertThat(serverNames.get(1)).isSameAs(serverNames.get(0));
    assertThat(serverNames.get(3)).isSameAs(serverNames.get(0));

    // HTTP/1.0 without a Host header: the name Tomcat falls back to
    send("GET /inventory HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(seen.get("server name")).isEqualTo(seen.get("api server name"));
    assertThat(seen.get("user agent")).isEqualTo("null").isEqualTo(seen.get("api user agent"));
  }

  /**
   * The request path: a path seen before is the same string, not a new one; every path is the servlet
   * API's answer, a percent-encoded one and one of the paths no longer kept too; once the application has
   * read it, it is the string Tomcat keeps for the application.
   */
  @Test
  void pathsAreTheServletApisAnswersAndRepeatedOnesAreOneString() throws IOException {
    for (String path : new String[] {"/inventory", "/inventory", "/items/caf%C3%A9", "/items/a;b=c", "/inventory"}) {
      get(path, "");
      assertThat(paths.get(paths.size() - 1)).isEqualTo(path).isEqualTo(seen.get("api path"));
    }
    assertThat(paths.get(1)).isSameAs(paths.get(0));
    assertThat(paths.get(4)).isSameAs(paths.get(0));

    for (int i = 0; i < 20; i++) { // more distinct paths than are kept
      get("/orders/" + i, "");
    }
    get("/inventory", "");
    assertThat(paths.get(paths.size() - 1)).isEqualTo("/inventory").isNotSameAs(paths.get(0));

    get("/cart", "X-Application-Reads-Path: yes\r\n");
    assertThat(paths.get(paths.size() - 1)).isEqualTo("/cart").isSameAs(seen.get("path the application read"));
  }

  private void get(String path, String headers) throws IOException {
    send(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + headers + "Connection: close\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void anEmptyQueryAndNoQueryAreTheServletApisAnswers() throws IOException {
    send("GET /inventory? HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        .getBytes(StandardCharsets.ISO_8859_1));
    assertThat(seen.get("query")).isEqualTo("").isEqualTo(seen.get("api query"));
    send("GET /inventory HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        .getBytes(StandardCharsets.ISO_8859_1));
    assertThat(seen.get("query")).isEqualTo("null").isEqualTo(seen.get("api query"));
  }

  @Test
  void aRequestThatIsNotTomcatsIsNotReadHere() {
    assertThat(TomcatRequestText.reads(new Object())).isFalse();
  }

  private String send(byte[] request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      in.transferTo(response);
      return response.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
