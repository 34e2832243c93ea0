package io.spanwise.instrumentation.spring.data;

import static io.spanwise.instrumentation.spi.ClassLoaderMatchers.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;

import io.spanwise.bootstrap.instrumentation.spring.SpringDataTracing;
import io.spanwise.instrumentation.spi.InstrumentationContext;
import io.spanwise.instrumentation.spi.InstrumentationModule;
import io.spanwise.instrumentation.spi.TypeInstrumentation;
import io.spanwise.instrumentation.spring.agent.RepositoryTracer;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Spring Data repositories: an INTERNAL span {@code "{Repository}.{method}"} around each call of a
 * repository interface method, the queries it issues under it.
 *
 * <p>Every repository is a proxy made by a {@code RepositoryFactorySupport}; advice at the end of its
 * constructor registers a proxy post-processor, Spring Data's own extension point, which puts a method
 * interceptor in front of each repository proxy it makes. Any store (JDBC, JPA, MongoDB, ...) goes
 * through that factory.
 */
public final class SpringDataInstrumentationModule implements InstrumentationModule {
  private static final String FACTORY = "org.springframework.data.repository.core.support.RepositoryFactorySupport";

  @Override
  public String name() {
    return "spring-data";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    ElementMatcher<ClassLoader> factory = hasClassNamed(FACTORY);
    ElementMatcher<ClassLoader> aop = hasClassNamed("org.aopalliance.intercept.MethodInterceptor");
    return List.of(TypeInstrumentation.subTypesOf(loader -> factory.matches(loader) && aop.matches(loader), FACTORY)
        .advise(isConstructor().and(isDeclaredBy(named(FACTORY))),
            "io.spanwise.instrumentation.spring.data.RepositoryFactoryAdvice"));
  }

  @Override
  public void install(InstrumentationContext context) {
    SpringDataTracing.install(new RepositoryTracer(context));
  }
}
