package io.spanwise.instrumentation.httpclient;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isTypeInitializer;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.spanwise.instrumentation.httpclient.agent.HttpClientTracer;
import io.spanwise.instrumentation.spi.InstrumentationContext;
import io.spanwise.instrumentation.spi.InstrumentationModule;
import io.spanwise.instrumentation.spi.TypeInstrumentation;
import java.util.List;

/**
 * The JDK {@code java.net.http.HttpClient}: {@code send} and {@code sendAsync} of the JDK's implementation
 * and of the facade {@code HttpClient.newHttpClient()} hands out (the facade calls the implementation:
 * one span, the inner call sees the outer one's span current). The propagation headers are set on the
 * request object the client makes from the application's for the call, as its own headers (a client that
 * follows redirects or authenticates, which makes new ones, is sent a copy of the application's request
 * carrying them instead); an async span ends when the returned future completes.
 */
public final class JavaHttpClientInstrumentationModule implements InstrumentationModule {
  private static final String PACKAGE = "io.spanwise.instrumentation.httpclient.";

  @Override
  public String name() {
    return "java-http-client";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(TypeInstrumentation.ofJdkTypes(
            "jdk.internal.net.http.HttpClientImpl", "jdk.internal.net.http.HttpClientFacade")
        .advise(named("send").and(takesArguments(2)).and(isPublic()), PACKAGE + "JavaHttpClientSendAdvice")
        .advise(named("sendAsync").and(takesArguments(2).or(takesArguments(3))).and(isPublic()),
            PACKAGE + "JavaHttpClientSendAsyncAdvice"),
        // the client's own request, made from the application's on the calling thread for each call
        TypeInstrumentation.ofJdkTypes("jdk.internal.net.http.HttpRequestImpl")
            .advise(isConstructor().or(isTypeInitializer()), PACKAGE + "JavaHttpRequestLookupAdvice")
            .advise(isConstructor().and(takesArguments(2)).and(takesArgument(1, named("java.net.ProxySelector"))),
                PACKAGE + "JavaHttpRequestCreatedAdvice"));
  }

  @Override
  public void install(InstrumentationContext context) {
    HttpClientTracer.install(context);
  }
}
