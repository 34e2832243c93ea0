package io.spanwise.springtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.testing.InProcessAgent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestTemplate;

/**
 * Spring MVC 6.2 on Tomcat 10.1 (and, in spring5-tests, 5.3 on Tomcat 9) with the agent in-process: what a
 * user sees of each request is one SERVER span named by the controller's template. The surefire execution
 * spring-webmvc-jetty runs the same tests on Jetty (12 ee10 here, 9.4 in spring5-tests): the spans must be
 * the same; where the container itself answers differently, each container's answer is asserted.
 */
class SpringMvcRouteTest {
  private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  private static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
  private static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
  private static final AttributeKey<String> EXCEPTION_STACKTRACE = AttributeKey.stringKey("exception.stacktrace");

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static SpringMvcApp app;

  @BeforeAll
  static void start() throws Exception {
    // The JDK HttpClient driving the app is in this JVM: its CLIENT spans are not what is tested.
    InProcessAgent.install(Map.of("otel.instrumentation.java-http-client.enabled", "false"));
    app = SpringMvcApp.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) {
      app.stop();
    }
  }

  @BeforeEach
  void clear() {
    InProcessAgent.reset();
  }

  @Test
  void controllerTemplateNamesTheRequest() throws Exception {
    HttpResponse<String> response = send("GET", "/owners/7/pets/3");
    assertThat(response.body()).isEqualTo("pet 3 of owner 7");

    SpanData server = onlyServerSpan();
    assertThat(server.getName()).isEqualTo("GET /shop/owners/{ownerId}/pets/{petId}");
    assertThat(server.getAttributes().get(ROUTE)).isEqualTo("/shop/owners/{ownerId}/pets/{petId}");
    assertThat(server.getAttributes().get(STATUS)).isEqualTo(200L);
  }

  @Test
  void postMappingNamesTheRequest() throws Exception {
    assertThat(send("POST", "/owners/12/visits").body()).isEqualTo("visit for 12");

    SpanData server = onlyServerSpan();
    assertThat(server.getName()).isEqualTo("POST /shop/owners/{ownerId}/visits");
    assertThat(server.getAttributes().get(ROUTE)).isEqualTo("/shop/owners/{ownerId}/visits");
  }

  @Test
  void resourceHandlerPatternNamesStaticFiles() throws Exception {
    HttpResponse<String> response = send("GET", "/static/app.css");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("teal");

    SpanData server = onlyServerSpan();
    assertThat(server.getName()).isEqualTo("GET /shop/static/**");
    assertThat(server.getAttributes().get(ROUTE)).isEqualTo("/shop/static/**");
  }

  /**
   * A path under a resource handler's pattern with no file behind it: the handler matched, so the request
   * is named by its pattern, as the OpenTelemetry agent names it (Spring Boot's default {@code /**}
   * handler makes every unmatched path a {@code GET /**} 404, see SpringBootJarTest). A 404 is the
   * client's error: no ERROR status, no exception event (Spring 6's {@code NoResourceFoundException} is
   * resolved inside the DispatcherServlet and never reaches the container).
   */
  @Test
  void missingStaticFileKeepsTheResourceHandlersPattern() throws Exception {
    HttpResponse<String> response = send("GET", "/static/missing.css");
    assertThat(response.statusCode()).isEqualTo(404);

    SpanData server = onlyServerSpan();
    assertThat(server.getName()).isEqualTo("GET /shop/static/**");
    assertThat(server.getAttributes().get(ROUTE)).isEqualTo("/shop/static/**");
    assertThat(server.getAttributes().get(STATUS)).isEqualTo(404L);
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(server.getAttributes().get(ERROR_TYPE)).isNull();
    assertThat(server.getEvents()).isEmpty();
  }

  @Test
  void thrownExceptionIsTheApplicationsAndKeepsTheFailedRequestsRoute() throws Exception {
    HttpResponse<String> response = send("GET", "/owners/42");
    assertThat(response.statusCode()).isEqualTo(500);
    if (app.container().unwrapsServletExceptionsForErrorPages()) {
      // Jetty 12 unwraps Spring's ServletException itself before its error dispatch: the page is told the
      // cause, whatever the agent does.
      assertThat(response.body()).isEqualTo(
          "error page; container got " + SpringMvcApp.OwnerNotFoundException.class.getName());
    } else {
      // The container still got Spring's wrapper, exactly what was thrown; only the span unwraps it.
      // (Spring 6's jakarta.servlet.ServletException, Spring 5's org.springframework.web.util.NestedServletException)
      assertThat(response.body()).startsWith("error page; container got ").endsWith("ServletException");
    }

    SpanData server = onlyServerSpan();
    assertThat(server.getName()).isEqualTo("GET /shop/owners/{ownerId}");
    assertThat(server.getAttributes().get(ROUTE)).isEqualTo("/shop/owners/{ownerId}");
    assertThat(server.getAttributes().get(STATUS)).isEqualTo(500L);
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    String type = SpringMvcApp.OwnerNotFoundException.class.getName();
    assertThat(server.getAttributes().get(ERROR_TYPE)).isEqualTo(type);
    List<EventData> exceptions = server.getEvents().stream()
        .filter(e -> e.getName().equals("exception")).collect(Collectors.toList());
    assertThat(exceptions).hasSize(1);
    // The SDK writes exception.type as the canonical name (a nested class with a dot).
    assertThat(exceptions.get(0).getAttributes().get(EXCEPTION_TYPE))
        .isEqualTo(SpringMvcApp.OwnerNotFoundException.class.getCanonicalName());
    assertThat(exceptions.get(0).getAttributes().get(EXCEPTION_MESSAGE)).isEqualTo("no owner 42");
    assertThat(exceptions.get(0).getAttributes().get(EXCEPTION_STACKTRACE))
        .startsWith(type + ": no owner 42")
        .contains("OwnerController.owner");
  }

  /**
   * The DispatcherServlet is the default servlet ({@code /}): its route is {@code /*}, on Jetty 9.4 too,
   * where Servlet 3.1 has no {@code HttpServletMapping} and the servlet path is the whole path.
   */
  @Test
  void requestNoHandlerMatchedKeepsTheServletRoute() throws Exception {
    HttpResponse<String> response = send("GET", "/nowhere/at/all");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("error page; container got no exception");

    SpanData server = onlyServerSpan();
    assertThat(server.getName()).isEqualTo("GET /shop/*");
    assertThat(server.getAttributes().get(ROUTE)).isEqualTo("/shop/*");
    assertThat(server.getAttributes().get(STATUS)).isEqualTo(404L);
  }

  /**
   * Spring's {@code RestTemplate} (over {@code HttpURLConnection}, its default request factory) is traced
   * by the HTTP client modules underneath it: one CLIENT span in the caller's trace, whose context the
   * called service continues.
   */
  @Test
  void restTemplateCallIsOneClientSpanTheServerContinues() throws Exception {
    String url = "http://127.0.0.1:" + app.port() + OutgoingCall.PATH;

    String body = OutgoingCall.asCaller(() -> new RestTemplate().getForObject(url, String.class));

    assertThat(body).isEqualTo("pet 3 of owner 7");
    OutgoingCall.assertOneClientSpanTheServerContinues(url);
  }

  private static HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + app.port() + SpringMvcApp.CONTEXT + path))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(10))
        .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The request's one SERVER span: the error dispatch adds none. */
  private static SpanData onlyServerSpan() {
    List<SpanData> spans = InProcessAgent.awaitExactly(1, Duration.ofSeconds(10));
    assertThat(spans).as("spans").hasSize(1);
    assertThat(spans.get(0).getKind()).isEqualTo(SpanKind.SERVER);
    return spans.get(0);
  }
}
