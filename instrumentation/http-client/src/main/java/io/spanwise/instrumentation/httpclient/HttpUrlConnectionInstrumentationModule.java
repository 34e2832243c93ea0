package io.spanwise.instrumentation.httpclient;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.spanwise.instrumentation.httpclient.agent.HttpClientTracer;
import io.spanwise.instrumentation.spi.InstrumentationContext;
import io.spanwise.instrumentation.spi.InstrumentationModule;
import io.spanwise.instrumentation.spi.TypeInstrumentation;
import java.util.List;

/**
 * {@code HttpURLConnection} and {@code HttpsURLConnection}: the JDK's implementation
 * ({@code sun.net.www.protocol.http.HttpURLConnection}, which the HTTPS connection delegates to). One
 * span per connection: the first of {@code connect}, {@code getOutputStream}, {@code getInputStream}
 * starts it (and sets the headers, which is only possible before connecting); {@code getInputStream}
 * ends it with the response code ({@code getResponseCode} and the header getters go through it); a
 * failure ends it whichever call it comes from.
 */
public final class HttpUrlConnectionInstrumentationModule implements InstrumentationModule {
  private static final String PACKAGE = "io.spanwise.instrumentation.httpclient.";

  @Override
  public String name() {
    return "http-url-connection";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(TypeInstrumentation.ofJdkTypes("sun.net.www.protocol.http.HttpURLConnection")
        .advise(namedOneOf("connect", "getOutputStream").and(takesArguments(0)).and(isPublic()),
            PACKAGE + "UrlConnectionRequestAdvice")
        .advise(named("getInputStream").and(takesArguments(0)).and(isPublic()),
            PACKAGE + "UrlConnectionResponseAdvice"));
  }

  @Override
  public void install(InstrumentationContext context) {
    HttpClientTracer.install(context);
  }
}
