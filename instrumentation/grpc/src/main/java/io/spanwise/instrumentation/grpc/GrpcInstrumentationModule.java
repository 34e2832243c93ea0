package io.spanwise.instrumentation.grpc;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.spanwise.bootstrap.instrumentation.grpc.GrpcTracing;
import io.spanwise.instrumentation.grpc.agent.GrpcTracer;
import io.spanwise.instrumentation.spi.ClassLoaderMatchers;
import io.spanwise.instrumentation.spi.InstrumentationContext;
import io.spanwise.instrumentation.spi.InstrumentationModule;
import io.spanwise.instrumentation.spi.TypeInstrumentation;
import java.util.List;

/**
 * grpc-java ({@code io.grpc}) 1.6x to 1.8x. Every channel builder (Netty, Netty-shaded, OkHttp, in-process,
 * {@code Grpc.newChannelBuilder}) builds through {@code io.grpc.internal.ManagedChannelImplBuilder}, and
 * every server builder through {@code io.grpc.internal.ServerImplBuilder}: their {@code build()} adds
 * the module's interceptors (helpers) to the builder's list once. The client interceptor goes first in
 * the list, the innermost: the application's interceptors run before it in the caller's context, and a
 * propagation header one of them put into the metadata is left as it is (never sent twice). The server
 * interceptor goes last, the outermost: the application's interceptors and the service run inside the
 * SERVER span.
 */
public final class GrpcInstrumentationModule implements InstrumentationModule {
  private static final String PACKAGE = "io.spanwise.instrumentation.grpc.";
  private static final String CHANNEL_BUILDER = "io.grpc.internal.ManagedChannelImplBuilder";
  private static final String SERVER_BUILDER = "io.grpc.internal.ServerImplBuilder";

  @Override
  public String name() {
    return "grpc";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        TypeInstrumentation.subTypesOf(ClassLoaderMatchers.hasClassNamed(CHANNEL_BUILDER), CHANNEL_BUILDER)
            .advise(named("build").and(takesArguments(0)), PACKAGE + "GrpcChannelBuildAdvice"),
        TypeInstrumentation.subTypesOf(ClassLoaderMatchers.hasClassNamed(SERVER_BUILDER), SERVER_BUILDER)
            .advise(named("build").and(takesArguments(0)), PACKAGE + "GrpcServerBuildAdvice"));
  }

  @Override
  public void install(InstrumentationContext context) {
    GrpcTracing.install(new GrpcTracer(context));
  }
}
