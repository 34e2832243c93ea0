package io.spanwise.dist;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.spanwise.instrumentation.spi.InstrumentationModule;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries, checked on the classes of everything this jar bundles (the bootstrap, the core
 * and every instrumentation module listed in agent-dist's pom): a broken rule fails the build here.
 */
class BoundariesTest {
  private static final JavaClasses AGENT = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.spanwise.bootstrap", "io.spanwise.core", "io.spanwise.instrumentation");

  /** agent-bootstrap and the modules' boot-side facades are defined in the bootstrap loader: JDK only. */
  @Test
  void bootstrapClassesUseOnlyTheJdk() {
    classes().that().resideInAPackage("io.spanwise.bootstrap..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.spanwise.bootstrap..")
        .check(AGENT);
  }

  /** The neutral API names no module. */
  @Test
  void theBootstrapApiKnowsNoModule() {
    noClasses().that().resideInAnyPackage("io.spanwise.bootstrap", "io.spanwise.bootstrap.api..")
        .should().dependOnClassesThat().resideInAPackage("io.spanwise.bootstrap.instrumentation..")
        .check(AGENT);
  }

  /** Each boot-side facade uses only the neutral API: facades do not reach into each other. */
  @Test
  void bootSideFacadesAreIndependent() {
    slices().matching("io.spanwise.bootstrap.instrumentation.(*)..").should().notDependOnEachOther()
        .check(AGENT);
  }

  /** agent-core knows no library: only the SPI of the instrumentation side. */
  @Test
  void theCoreImportsNoInstrumentationModule() {
    noClasses().that().resideInAPackage("io.spanwise.core..")
        .should().dependOnClassesThat(
            DescribedPredicate.describe("an instrumentation module or its boot-side facade", (JavaClass c) ->
                (c.getPackageName().startsWith("io.spanwise.instrumentation.")
                    && !c.getPackageName().startsWith("io.spanwise.instrumentation.spi"))
                    || c.getPackageName().startsWith("io.spanwise.bootstrap.instrumentation")))
        .check(AGENT);
  }

  /**
   * Advice and helpers (woven into, or injected next to, the library) use only the bootstrap API, the
   * boot-side facades, their library and the JDK: never the OpenTelemetry API or SDK, the core, the SPI,
   * Byte Buddy beyond its advice annotations, or any module's agent-side code.
   */
  @Test
  void adviceAndHelpersUseOnlyTheBootstrapTheirLibraryAndTheJdk() {
    noClasses().that(ADVICE_OR_HELPER).and(NOT_OTEL_API_HELPER).should().dependOnClassesThat(AGENT_SIDE).check(AGENT);
  }

  /**
   * The opentelemetry-api module's library IS the OpenTelemetry API (the application's copy, in the
   * application's loader): its helpers may use it, and nothing else of the agent's side.
   */
  @Test
  void theOpenTelemetryApiHelpersUseOnlyTheApplicationsApi() {
    noClasses().that(ADVICE_OR_HELPER).and(DescribedPredicate.not(NOT_OTEL_API_HELPER)).should()
        .dependOnClassesThat(DescribedPredicate.describe("the agent's own side beside the OpenTelemetry API",
            (JavaClass c) -> AGENT_SIDE.test(c) && !c.getName().startsWith("io.opentelemetry.")))
        .check(AGENT);
  }

  private static final DescribedPredicate<JavaClass> NOT_OTEL_API_HELPER = DescribedPredicate.describe(
      "not of the opentelemetry-api module", (JavaClass c) ->
          !c.getPackageName().startsWith("io.spanwise.instrumentation.otelapi"));

  /** Modules do not use each other; shared conventions are in the support module. */
  @Test
  void modulesAreIndependent() {
    slices().matching("io.spanwise.instrumentation.(*)..").should().notDependOnEachOther()
        .ignoreDependency(DescribedPredicate.alwaysTrue(), JavaClass.Predicates.resideInAnyPackage(
            "io.spanwise.instrumentation.spi..", "io.spanwise.instrumentation.support.."))
        .check(AGENT);
  }

  private static boolean isShared(String pkg) {
    return pkg.startsWith("io.spanwise.instrumentation.spi") || pkg.startsWith("io.spanwise.instrumentation.support");
  }

  private static boolean isAgentSidePackage(String pkg) {
    return pkg.matches("io\\.spanwise\\.instrumentation\\.[^.]+\\.agent(\\..*)?");
  }

  private static final DescribedPredicate<JavaClass> ADVICE_OR_HELPER = DescribedPredicate.describe(
      "advice or helpers of an instrumentation module", (JavaClass c) -> {
        String pkg = c.getPackageName();
        return pkg.startsWith("io.spanwise.instrumentation.") && !isShared(pkg) && !isAgentSidePackage(pkg)
            && !c.isAssignableTo(InstrumentationModule.class);
      });

  private static final DescribedPredicate<JavaClass> AGENT_SIDE = DescribedPredicate.describe(
      "the agent's own side (OpenTelemetry, core, SPI, support, agent-side packages, Byte Buddy internals)",
      (JavaClass c) -> {
        String name = c.getName();
        String pkg = c.getPackageName();
        return name.startsWith("io.opentelemetry.")
            || name.startsWith("io.spanwise.core.")
            || isShared(pkg)
            || isAgentSidePackage(pkg)
            || name.startsWith("com.blogspot.")
            || (name.startsWith("net.bytebuddy.") && !name.startsWith("net.bytebuddy.asm.")
                && !name.startsWith("net.bytebuddy.implementation.bytecode.assign."));
      });
}
