package io.spanwise.instrumentation.grpc;

import io.grpc.ServerInterceptor;
import java.util.List;
import net.bytebuddy.asm.Advice;

/** {@code ServerImplBuilder.build()}: the SERVER span interceptor, outermost, once per builder. */
public final class GrpcServerBuildAdvice {
  private GrpcServerBuildAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.FieldValue("interceptors") List<ServerInterceptor> interceptors) {
    if (interceptors != null && !interceptors.contains(SpanwiseServerInterceptor.INSTANCE)) {
      interceptors.add(SpanwiseServerInterceptor.INSTANCE);
    }
  }
}
