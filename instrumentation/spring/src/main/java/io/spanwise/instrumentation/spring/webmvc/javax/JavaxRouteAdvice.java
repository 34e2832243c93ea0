package io.spanwise.instrumentation.spring.webmvc.javax;

import javax.servlet.http.HttpServletRequest;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the exit of {@code DispatcherServlet.getHandler} and {@code HandlerExecutionChain.applyPreHandle}
 * (javax.servlet): the matched route to the current SERVER span.
 */
public final class JavaxRouteAdvice {
  private JavaxRouteAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Argument(0) HttpServletRequest request) {
    JavaxSpringRoute.update(request);
  }
}
