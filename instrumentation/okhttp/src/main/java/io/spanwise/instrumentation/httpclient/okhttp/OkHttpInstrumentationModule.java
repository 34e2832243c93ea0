package io.spanwise.instrumentation.httpclient.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.spanwise.instrumentation.httpclient.agent.HttpClientTracer;
import io.spanwise.instrumentation.spi.ClassLoaderMatchers;
import io.spanwise.instrumentation.spi.InstrumentationContext;
import io.spanwise.instrumentation.spi.InstrumentationModule;
import io.spanwise.instrumentation.spi.TypeInstrumentation;
import java.util.List;

/**
 * OkHttp 3.x, 4.x and 5.x ({@code com.squareup.okhttp3:okhttp}, or {@code okhttp-jvm} for 5.x; the
 * internals named here are the same in all three). Every call, {@code execute} or
 * {@code enqueue}, runs its interceptor chain once from index 0 ({@code RealInterceptorChain}, or
 * {@code RealCall$ApplicationInterceptorChain} before 3.4): that first {@code proceed(request)} is the
 * logical call, wrapped in one CLIENT span. It goes on to the application's interceptors, the retries and
 * redirects and the network, so the span covers them all (one span per logical call, as the other clients
 * here), and the propagation headers are added to the request it passes on (the application's
 * {@code Call.request()} and any header it set stay as they are). An {@code enqueue}d call remembers the
 * caller's context when its {@code AsyncCall} is made and runs in it on the dispatcher's thread: the span's
 * parent and the callback's context. Nothing is added to the client's interceptor lists.
 */
public final class OkHttpInstrumentationModule implements InstrumentationModule {
  private static final String PACKAGE = "io.spanwise.instrumentation.httpclient.okhttp.";
  private static final String CLIENT = "okhttp3.OkHttpClient";

  @Override
  public String name() {
    return "okhttp";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        TypeInstrumentation.subTypesOf(ClassLoaderMatchers.hasClassNamed(CLIENT),
                "okhttp3.internal.http.RealInterceptorChain", "okhttp3.RealCall$ApplicationInterceptorChain")
            .advise(named("proceed").and(takesArguments(1)).and(isPublic()), PACKAGE + "OkHttpChainAdvice"),
        TypeInstrumentation.subTypesOf(ClassLoaderMatchers.hasClassNamed(CLIENT),
                "okhttp3.internal.connection.RealCall$AsyncCall", "okhttp3.RealCall$AsyncCall")
            .advise(isConstructor(), PACKAGE + "OkHttpAsyncCallCreatedAdvice")
            .advise(namedOneOf("run", "execute").and(takesArguments(0)), PACKAGE + "OkHttpAsyncCallRunAdvice"));
  }

  @Override
  public void install(InstrumentationContext context) {
    HttpClientTracer.install(context);
  }
}
