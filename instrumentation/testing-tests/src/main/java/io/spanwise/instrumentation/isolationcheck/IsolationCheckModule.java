package io.spanwise.instrumentation.isolationcheck;

import static io.spanwise.instrumentation.spi.ClassLoaderMatchers.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;

import io.spanwise.instrumentation.spi.InstrumentationModule;
import io.spanwise.instrumentation.spi.TypeInstrumentation;
import java.util.List;

/**
 * A test-only module (never in the agent jar) for the harness's own tests: three advice on
 * {@code isolationapp.Greeter}, each changing what a method returns through a helper. One helper keeps
 * to the JDK; one reaches a class of the agent's side (the SPI); one lives outside the module's
 * packages, so the core does not find it as a helper and does not inject it.
 */
public final class IsolationCheckModule implements InstrumentationModule {
  private static final String GREETER = "isolationapp.Greeter";
  private static final String PACKAGE = "io.spanwise.instrumentation.isolationcheck.";

  @Override
  public String name() {
    return "isolation-check";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(TypeInstrumentation.subTypesOf(hasClassNamed(GREETER), GREETER)
        .advise(named("tidy"), PACKAGE + "TidyAdvice")
        .advise(named("leaky"), PACKAGE + "LeakyAdvice")
        .advise(named("stray"), PACKAGE + "StrayAdvice"));
  }
}
