package io.spanwise.instrumentation.spring.webmvc.jakarta;

import jakarta.servlet.http.HttpServletRequest;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the exit of {@code DispatcherServlet.getHandler} and {@code HandlerExecutionChain.applyPreHandle}
 * (jakarta.servlet): the matched route to the current SERVER span.
 */
public final class JakartaRouteAdvice {
  private JakartaRouteAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Argument(0) HttpServletRequest request) {
    JakartaSpringRoute.update(request);
  }
}
