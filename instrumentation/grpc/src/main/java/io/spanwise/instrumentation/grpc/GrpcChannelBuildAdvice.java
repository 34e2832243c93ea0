package io.spanwise.instrumentation.grpc;

import io.grpc.ClientInterceptor;
import java.util.List;
import net.bytebuddy.asm.Advice;

/** {@code ManagedChannelImplBuilder.build()}: the CLIENT span interceptor, innermost, once per builder. */
public final class GrpcChannelBuildAdvice {
  private GrpcChannelBuildAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.FieldValue("interceptors") List<ClientInterceptor> interceptors) {
    if (interceptors != null && !SpanwiseClientInterceptor.in(interceptors)) {
      interceptors.add(0, SpanwiseClientInterceptor.INSTANCE);
    }
  }
}
