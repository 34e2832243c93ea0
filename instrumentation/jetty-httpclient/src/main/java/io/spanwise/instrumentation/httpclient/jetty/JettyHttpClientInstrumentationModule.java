package io.spanwise.instrumentation.httpclient.jetty;

import static io.spanwise.instrumentation.spi.MethodMatchers.takesOnlyArgumentNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;

import io.spanwise.instrumentation.httpclient.agent.HttpClientTracer;
import io.spanwise.instrumentation.spi.ClassLoaderMatchers;
import io.spanwise.instrumentation.spi.InstrumentationContext;
import io.spanwise.instrumentation.spi.InstrumentationModule;
import io.spanwise.instrumentation.spi.TypeInstrumentation;
import java.util.List;

/**
 * Jetty's {@code HttpClient} 12.x ({@code org.eclipse.jetty:jetty-client}), which Spring's {@code RestClient}
 * and {@code RestTemplate} pick when Jetty is on the class path (Spring Boot's Jetty
 * starter). Every way of sending a request ends in {@code send(Response.CompleteListener)} of its
 * {@code HttpRequest}: the blocking {@code send()} passes its own listener to it, and so do the
 * redirects and authentication retries the client makes for a call, with a copy of the request in the same
 * {@code HttpConversation}. The first send of a conversation is the logical call: one CLIENT span, a child
 * of the caller's context, its propagation headers added to the request (the copies carry them along), and
 * ended by a listener added to the request, with the final response's status or the call's failure; the
 * later sends of the conversation make no span. The client's threads that complete the call never make the
 * span current.
 */
public final class JettyHttpClientInstrumentationModule implements InstrumentationModule {
  private static final String PACKAGE = "io.spanwise.instrumentation.httpclient.jetty.";
  private static final String REQUEST = "org.eclipse.jetty.client.transport.HttpRequest";

  @Override
  public String name() {
    return "jetty-httpclient";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        TypeInstrumentation.subTypesOf(ClassLoaderMatchers.hasClassNamed(REQUEST), REQUEST)
            .advise(named("send").and(takesOnlyArgumentNamed("org.eclipse.jetty.client.Response$CompleteListener")),
                PACKAGE + "JettyRequestSendAdvice"));
  }

  @Override
  public void install(InstrumentationContext context) {
    HttpClientTracer.install(context);
  }
}
