package io.spanwise.instrumentation.servlet.jakarta;

import io.spanwise.bootstrap.api.ActiveSpan;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code Servlet.service} and {@code Filter.doFilter}; the work is in the helpers. */
public final class JakartaServletAdvice {
  private JakartaServletAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static ActiveSpan enter(@Advice.Argument(0) ServletRequest request) {
    return JakartaServlet.INSTANCE.start(request);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Argument(0) ServletRequest request,
      @Advice.Argument(1) ServletResponse response,
      @Advice.Thrown Throwable error,
      @Advice.Enter ActiveSpan span) {
    JakartaServlet.INSTANCE.finish(span, request, response, error);
  }
}
