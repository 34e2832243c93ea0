package io.spanwise.instrumentation.httpclient;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.spanwise.instrumentation.spi.ClassLoaderMatchers;
import io.spanwise.instrumentation.spi.TypeInstrumentation;
import io.spanwise.instrumentation.httpclient.agent.HttpClientTracer;
import io.spanwise.instrumentation.spi.InstrumentationContext;
import io.spanwise.instrumentation.spi.InstrumentationModule;
import java.util.List;

/**
 * Apache HttpClient 4.x ({@code org.apache.httpcomponents:httpclient}) and 5.x classic
 * ({@code org.apache.httpcomponents.client5:httpclient5}): every {@code execute} overload of a
 * {@code CloseableHttpClient} ends in its {@code doExecute(target, request, context)}, which is wrapped.
 * The headers are set on the application's request before the client copies it; the span ends when the
 * response head has arrived ({@code doExecute} returns), not when the body has been read.
 */
public final class ApacheHttpClientInstrumentationModule implements InstrumentationModule {
  private static final String PACKAGE = "io.spanwise.instrumentation.httpclient.";
  private static final String CLIENT4 = "org.apache.http.impl.client.CloseableHttpClient";
  private static final String CLIENT5 = "org.apache.hc.client5.http.impl.classic.CloseableHttpClient";

  @Override
  public String name() {
    return "apache-httpclient";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        TypeInstrumentation.subTypesOf(ClassLoaderMatchers.hasClassNamed(CLIENT4), CLIENT4)
            .advise(named("doExecute").and(takesArguments(3)).and(not(isAbstract())),
                PACKAGE + "ApacheHttpClient4Advice"),
        TypeInstrumentation.subTypesOf(ClassLoaderMatchers.hasClassNamed(CLIENT5), CLIENT5)
            .advise(named("doExecute").and(takesArguments(3)).and(not(isAbstract())),
                PACKAGE + "ApacheHttpClient5Advice"));
  }

  @Override
  public void install(InstrumentationContext context) {
    HttpClientTracer.install(context);
  }
}
