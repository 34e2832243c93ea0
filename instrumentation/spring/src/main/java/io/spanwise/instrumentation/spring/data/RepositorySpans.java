package io.spanwise.instrumentation.spring.data;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.data.repository.core.RepositoryInformation;
import org.springframework.data.repository.core.support.RepositoryProxyPostProcessor;

/** Puts a {@link RepositoryInterceptor} first in every repository proxy (helper). */
public final class RepositorySpans implements RepositoryProxyPostProcessor {
  public static final RepositorySpans POST_PROCESSOR = new RepositorySpans();

  @Override
  public void postProcess(ProxyFactory factory, RepositoryInformation repositoryInformation) {
    factory.addAdvice(0, new RepositoryInterceptor(repositoryInformation.getRepositoryInterface()));
  }
}
