package io.spanwise.instrumentation.spring.data;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.bootstrap.instrumentation.spring.SpringDataTracing;
import java.lang.reflect.Method;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

/**
 * The span of one repository call (helper). The call itself is untouched: its result or exception goes
 * to the caller as it was; a failure of the agent is reported, never thrown.
 */
public final class RepositoryInterceptor implements MethodInterceptor {
  private final Class<?> repositoryInterface;

  RepositoryInterceptor(Class<?> repositoryInterface) {
    this.repositoryInterface = repositoryInterface;
  }

  @Override
  public Object invoke(MethodInvocation invocation) throws Throwable {
    ActiveSpan span = ActiveSpan.NOOP;
    try {
      Method method = invocation.getMethod();
      if (method.getDeclaringClass() != Object.class) {
        span = SpringDataTracing.startRepositorySpan(repositoryInterface, method.getName()).activate();
      }
    } catch (Throwable agentBug) {
      Tracing.adviceFailed(agentBug);
    }
    if (span == ActiveSpan.NOOP) {
      return invocation.proceed();
    }
    Throwable error = null;
    try {
      return invocation.proceed();
    } catch (Throwable thrown) {
      error = thrown;
      throw thrown;
    } finally {
      try {
        span.end(error);
      } catch (Throwable agentBug) {
        Tracing.adviceFailed(agentBug);
      }
    }
  }
}
