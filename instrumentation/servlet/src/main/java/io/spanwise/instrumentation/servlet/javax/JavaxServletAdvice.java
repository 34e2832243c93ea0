package io.spanwise.instrumentation.servlet.javax;

import io.spanwise.bootstrap.api.ActiveSpan;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code Servlet.service} and {@code Filter.doFilter}; the work is in the helpers. */
public final class JavaxServletAdvice {
  private JavaxServletAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static ActiveSpan enter(@Advice.Argument(0) ServletRequest request) {
    return JavaxServlet.INSTANCE.start(request);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Argument(0) ServletRequest request,
      @Advice.Argument(1) ServletResponse response,
      @Advice.Thrown Throwable error,
      @Advice.Enter ActiveSpan span) {
    JavaxServlet.INSTANCE.finish(span, request, response, error);
  }
}
