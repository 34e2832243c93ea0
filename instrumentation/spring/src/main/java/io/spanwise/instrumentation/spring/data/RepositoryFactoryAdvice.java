package io.spanwise.instrumentation.spring.data;

import net.bytebuddy.asm.Advice;
import org.springframework.data.repository.core.support.RepositoryFactorySupport;

/** Inlined at the end of {@code RepositoryFactorySupport}'s constructors. */
public final class RepositoryFactoryAdvice {
  private RepositoryFactoryAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This RepositoryFactorySupport factory) {
    factory.addRepositoryProxyPostProcessor(RepositorySpans.POST_PROCESSOR);
  }
}
