package io.spanwise.instrumentation.log4jcontextdata;

import static io.spanwise.instrumentation.spi.ClassLoaderMatchers.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.spanwise.bootstrap.instrumentation.logging.LogCorrelation;
import io.spanwise.instrumentation.spi.InstrumentationContext;
import io.spanwise.instrumentation.spi.InstrumentationModule;
import io.spanwise.instrumentation.spi.TypeInstrumentation;
import io.spanwise.instrumentation.support.logging.LogCorrelationData;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Log4j 2.17+: {@code injectContextData(properties, reusable)} of Log4j's three
 * {@code ThreadContextDataInjector}s (one per thread-context map kind; Log4j calls it on the logging
 * thread to fill each new event's context data, for synchronous, asynchronous and garbage-free
 * loggers alike) adds the current span's ids to the map it returns. That map is the event's: a frozen
 * map (the thread's own copy-on-write map, handed out as is) is copied first, so the thread's
 * {@code ThreadContext} is never changed. {@code %X{trace_id}}, {@code %mdc} and JSON layouts read it.
 * A custom {@code ContextDataInjector} (the {@code log4j2.contextDataInjector} property) is not covered.
 *
 * <p>Where Spring Boot is visible to Log4j's class loader, Spring Boot's {@code traceId} and
 * {@code spanId} keys are added too, for its {@code %correlationId}.
 */
public final class Log4jContextDataInstrumentationModule implements InstrumentationModule {
  private static final String PACKAGE = "io.spanwise.instrumentation.log4jcontextdata.";
  private static final String INJECTOR = "org.apache.logging.log4j.core.impl.ThreadContextDataInjector";
  private static final String[] INJECTORS = {
      INJECTOR + "$ForDefaultThreadContextMap",
      INJECTOR + "$ForGarbageFreeThreadContextMap",
      INJECTOR + "$ForCopyOnWriteThreadContextMap"};
  private static final String SPRING_BOOT_CORRELATION = "org.springframework.boot.logging.CorrelationIdFormatter";

  @Override
  public String name() {
    return "log4j-context-data";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    ElementMatcher<ClassLoader> log4j = hasClassNamed(INJECTOR);
    ElementMatcher<ClassLoader> springBoot = hasClassNamed(SPRING_BOOT_CORRELATION);
    return List.of(
        TypeInstrumentation.subTypesOf(loader -> log4j.matches(loader) && !springBoot.matches(loader), INJECTORS)
            .advise(injectContextData(), PACKAGE + "InjectContextDataAdvice"),
        TypeInstrumentation.subTypesOf(loader -> log4j.matches(loader) && springBoot.matches(loader), INJECTORS)
            .advise(injectContextData(), PACKAGE + "SpringBootInjectContextDataAdvice"));
  }

  private static ElementMatcher.Junction<MethodDescription> injectContextData() {
    return isPublic().and(named("injectContextData")).and(takesArguments(2))
        .and(returns(named("org.apache.logging.log4j.util.StringMap")));
  }

  /** The keys ({@code otel.instrumentation.common.logging.*}) and {@code add-baggage}, read once. */
  @Override
  public void install(InstrumentationContext context) {
    LogCorrelation.install(name(), LogCorrelationData.fromConfig(context.config(), name()));
  }
}
