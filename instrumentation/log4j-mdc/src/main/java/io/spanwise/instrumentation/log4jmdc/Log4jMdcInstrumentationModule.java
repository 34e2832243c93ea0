package io.spanwise.instrumentation.log4jmdc;

import static io.spanwise.instrumentation.spi.ClassLoaderMatchers.hasClassNamed;
import static io.spanwise.instrumentation.spi.MethodMatchers.takesOnlyArgumentNamed;
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
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Log4j 1.2 and reload4j: an event's MDC is read through {@code LoggingEvent.getMDC(key)} ({@code %X{key}})
 * and copied into the event by {@code getMDCCopy()} (on the logging thread, before an {@code AsyncAppender}
 * queues it, before serialization, and for {@code %X}, {@code getProperties()} and {@code setProperty}).
 * While the event has not been copied, {@code getMDC} of a correlation key the thread's MDC lacks returns
 * the current span's id; the copy gets the ids the thread's MDC lacks, so an asynchronous appender's
 * thread reads the ids of the thread that logged. The thread's MDC is never touched: nothing is added
 * outside a span, nothing is left behind, and the application's own keys keep their values.
 *
 * <p>Spring Boot's {@code traceId} and {@code spanId} are served too where Spring Boot is visible to the
 * library's class loader, as in the Logback and Log4j 2 modules.
 */
public final class Log4jMdcInstrumentationModule implements InstrumentationModule {
  private static final String PACKAGE = "io.spanwise.instrumentation.log4jmdc.";
  private static final String EVENT = "org.apache.log4j.spi.LoggingEvent";
  /** Spring Boot 3.2+'s formatter of its correlation id. */
  private static final String SPRING_BOOT_CORRELATION = "org.springframework.boot.logging.CorrelationIdFormatter";

  @Override
  public String name() {
    return "log4j-mdc";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    ElementMatcher<ClassLoader> log4j = hasClassNamed(EVENT);
    ElementMatcher<ClassLoader> springBoot = hasClassNamed(SPRING_BOOT_CORRELATION);
    return List.of(
        TypeInstrumentation.subTypesOf(loader -> log4j.matches(loader) && !springBoot.matches(loader), EVENT)
            .advise(getMdc(), PACKAGE + "GetMdcAdvice")
            .advise(getMdcCopy(), PACKAGE + "GetMdcCopyAdvice"),
        TypeInstrumentation.subTypesOf(loader -> log4j.matches(loader) && springBoot.matches(loader), EVENT)
            .advise(getMdc(), PACKAGE + "SpringBootGetMdcAdvice")
            .advise(getMdcCopy(), PACKAGE + "SpringBootGetMdcCopyAdvice"));
  }

  private static ElementMatcher.Junction<MethodDescription> getMdc() {
    return isPublic().and(isDeclaredBy(named(EVENT))).and(named("getMDC"))
        .and(takesOnlyArgumentNamed("java.lang.String"));
  }

  private static ElementMatcher.Junction<MethodDescription> getMdcCopy() {
    return isPublic().and(isDeclaredBy(named(EVENT))).and(named("getMDCCopy")).and(takesArguments(0));
  }

  /** The keys ({@code otel.instrumentation.common.logging.*}) and {@code add-baggage}, read once. */
  @Override
  public void install(InstrumentationContext context) {
    LogCorrelation.install(name(), LogCorrelationData.fromConfig(context.config(), name()));
  }
}
