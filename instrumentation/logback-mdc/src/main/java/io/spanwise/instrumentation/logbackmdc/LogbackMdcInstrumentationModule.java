package io.spanwise.instrumentation.logbackmdc;

import static io.spanwise.instrumentation.spi.ClassLoaderMatchers.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.spanwise.bootstrap.instrumentation.logging.LogCorrelation;
import io.spanwise.instrumentation.spi.InstrumentationContext;
import io.spanwise.instrumentation.spi.InstrumentationModule;
import io.spanwise.instrumentation.spi.TypeInstrumentation;
import io.spanwise.instrumentation.support.logging.LogCorrelationData;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Logback 1.2 to 1.5 (SLF4J 1.7 or 2.x): {@code LoggingEvent.getMDCPropertyMap()}, through which every
 * converter ({@code %X}, {@code %mdc}, Spring Boot's {@code %correlationId}), encoder and appender reads an
 * event's MDC ({@code getMdc()} calls it), returns the event's MDC plus the current span's ids and stores
 * that map in the event, so a deferred (async) appender sees the ids of the thread that logged. The
 * thread's MDC is never touched: nothing is added outside a span, nothing is left behind, and the
 * application's own keys keep their values.
 *
 * <p>Where Spring Boot is visible to Logback's class loader, Spring Boot's {@code traceId} and
 * {@code spanId} keys are added too, so its {@code %correlationId} shows the ids once the application
 * turns it on ({@code logging.pattern.correlation} or {@code logging.expect-correlation-id}).
 */
public final class LogbackMdcInstrumentationModule implements InstrumentationModule {
  private static final String PACKAGE = "io.spanwise.instrumentation.logbackmdc.";
  private static final String EVENT = "ch.qos.logback.classic.spi.LoggingEvent";
  /** Spring Boot 3.2+'s formatter of its correlation id. */
  private static final String SPRING_BOOT_CORRELATION = "org.springframework.boot.logging.CorrelationIdFormatter";

  @Override
  public String name() {
    return "logback-mdc";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    ElementMatcher<ClassLoader> logback = hasClassNamed(EVENT);
    ElementMatcher<ClassLoader> springBoot = hasClassNamed(SPRING_BOOT_CORRELATION);
    return List.of(
        TypeInstrumentation.subTypesOf(loader -> logback.matches(loader) && !springBoot.matches(loader), EVENT)
            .advise(mdcGetter(), PACKAGE + "MdcPropertyMapAdvice"),
        TypeInstrumentation.subTypesOf(loader -> logback.matches(loader) && springBoot.matches(loader), EVENT)
            .advise(mdcGetter(), PACKAGE + "SpringBootMdcPropertyMapAdvice"));
  }

  private static ElementMatcher.Junction<net.bytebuddy.description.method.MethodDescription> mdcGetter() {
    return isPublic().and(isDeclaredBy(named(EVENT))).and(named("getMDCPropertyMap")).and(takesArguments(0));
  }

  /** The keys ({@code otel.instrumentation.common.logging.*}) and {@code add-baggage}, read once. */
  @Override
  public void install(InstrumentationContext context) {
    LogCorrelation.install(name(), LogCorrelationData.fromConfig(context.config(), name()));
  }
}
