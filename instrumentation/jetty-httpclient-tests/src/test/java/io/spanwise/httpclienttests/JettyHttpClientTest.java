package io.spanwise.httpclienttests;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.util.Jetty;
import org.junit.jupiter.api.Test;

/** Jetty's blocking {@code send()}: the HTTP client contract, and what is particular to Jetty's client. */
class JettyHttpClientTest extends JettyClientContract {

  @Override
  int send(Request request) throws Exception {
    return JettyCalls.send(request);
  }

  @Test
  void theJettyVersionUnderTestIsTheOneExpected() throws Exception {
    call("GET", url("/ok"), Map.of(), null);

    onlyClientSpan();
    assertThat(Jetty.VERSION).startsWith(System.getProperty("spanwise.expected.jetty.version", "12.1."));
    assertThat(received("User-Agent")).singleElement().asString().startsWith("Jetty/" + Jetty.VERSION);
  }

  @Test
  void aRedirectFollowedIsOneSpanWithTheFinalStatusAndItsHeadersOnEveryRequest() throws Exception {
    wireMock.stubFor(get(urlPathEqualTo("/moved")).willReturn(aResponse().withStatus(302).withHeader("Location", "/ok")));

    int status = Requests.inRequest(() -> call("GET", url("/moved"), Map.of(), null));

    assertThat(status).isEqualTo(200);
    SpanData client = onlyClientSpan();
    assertThat(client.getParentSpanId()).isEqualTo(Requests.serverSpan().getSpanId());
    assertThat(client.getAttributes().get(URL_FULL)).isEqualTo(url("/moved").toString());
    assertThat(client.getAttributes().get(STATUS)).isEqualTo(200L);
    List<LoggedRequest> requests = wireMock.findAll(anyRequestedFor(anyUrl()));
    assertThat(requests).extracting(LoggedRequest::getUrl).containsExactly("/moved", "/ok");
    String traceparent = "00-" + client.getTraceId() + "-" + client.getSpanId() + "-01";
    assertThat(requests).allSatisfy(r -> assertThat(r.getHeaders().getHeader("traceparent").values())
        .containsExactly(traceparent));
  }

  @Test
  void theRequestObjectCarriesTheHeadersItWasSentWith() throws Exception {
    Request request = JettyCalls.request(JettyCalls.CLIENT, "GET", url("/ok"), Map.of("X-Own", "1"), null);

    Requests.inRequest(() -> JettyCalls.send(request));

    SpanData client = onlyClientSpan();
    assertThat(request.getHeaders().get("traceparent"))
        .isEqualTo("00-" + client.getTraceId() + "-" + client.getSpanId() + "-01");
    assertThat(received("X-Own")).containsExactly("1");
  }
}
