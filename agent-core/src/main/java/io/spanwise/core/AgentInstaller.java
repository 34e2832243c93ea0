package io.spanwise.core;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.core.config.Config;
import io.spanwise.core.install.ByteBuddyWarmUp;
import io.spanwise.core.install.ModuleInstaller;
import io.spanwise.core.sdk.AgentSdk;
import io.spanwise.core.sdk.AgentVersion;
import io.spanwise.core.sdk.SdkFactory;
import io.spanwise.core.trace.AgentInstrumentationContext;
import io.spanwise.core.trace.CoreTracingBridge;
import io.spanwise.instrumentation.spi.InstrumentationContext;
import io.spanwise.instrumentation.spi.InstrumentationModule;
import io.spanwise.instrumentation.spi.Suppression;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Starts the agent inside its isolated class loader: reads the configuration, builds the SDK and
 * exporter, installs the library-neutral bridge that advice calls, hands each enabled instrumentation
 * module (found by ServiceLoader) the tracer, propagators and configuration to install its own tracer, and
 * weaves the enabled modules.
 */
public final class AgentInstaller {
  private AgentInstaller() {}

  /** Called reflectively by {@code AgentMain} (premain or agentmain). */
  public static void install(Instrumentation inst, boolean lateAttach) {
    try {
      install(inst, Config.fromEnvironment(), null, lateAttach);
    } catch (Throwable t) {
      Tracing.install(null);
      AgentLog.error("the agent could not start; the application runs untraced", t);
    }
  }

  /**
   * Installs the agent with the given configuration. In-process tests pass an exporter to receive the
   * spans directly, and ask for retransformation of classes loaded before the agent.
   *
   * @return what to undo; {@link Installation#close()} removes the transformer and shuts the SDK down
   */
  public static Installation install(
      Instrumentation inst, Config config, SpanExporter exporterOverride, boolean retransform) throws Exception {
    // Byte Buddy's transformer class prepares itself meanwhile (no Byte Buddy class is used until await).
    ByteBuddyWarmUp byteBuddy = ByteBuddyWarmUp.start();
    AgentSdk sdk = SdkFactory.create(config, exporterOverride);
    // With requests to ignore, spans under an ignored request's context are not started (Suppression)
    boolean suppressible = config.isSet("spanwise.traces.ignore");
    Tracer tracer = suppressible ? Suppression.honouring(sdk.tracer()) : sdk.tracer();
    Tracing.install(new CoreTracingBridge(tracer, sdk.propagators()));
    InstrumentationContext context = new AgentInstrumentationContext(tracer, sdk.propagators(), config,
        (name, version) -> {
          Tracer scoped = version == null ? sdk.tracerProvider().get(name) : sdk.tracerProvider().get(name, version);
          return suppressible ? Suppression.honouring(scoped) : scoped;
        });
    byteBuddy.await();

    List<InstrumentationModule> enabled = new ArrayList<>();
    Set<String> on = new TreeSet<>();
    Set<String> off = new TreeSet<>();
    ClassLoader agentLoader = AgentInstaller.class.getClassLoader();
    for (InstrumentationModule module : ServiceLoader.load(InstrumentationModule.class, agentLoader)) {
      if (config.isInstrumentationEnabled(module.name(), module.defaultEnabled())) {
        // its tracer behind its facade before any of its advice is woven
        module.install(context);
        enabled.add(module);
        on.add(module.name());
      } else {
        off.add(module.name());
      }
    }
    ClassFileTransformer transformer = ModuleInstaller.install(inst, enabled, agentLoader, retransform);

    Thread flush = new Thread(sdk::shutdown, "spanwise-shutdown");
    Runtime.getRuntime().addShutdownHook(flush);
    AgentLog.info("Spanwise " + AgentVersion.get() + " on Java " + System.getProperty("java.version")
        + "; instrumentations on: " + (on.isEmpty() ? "none" : String.join(", ", on))
        + (off.isEmpty() ? "" : "; off: " + String.join(", ", off))
        + "; spans go to: " + sdk.exportDescription() + "; sampling: " + sdk.samplingDescription());
    return new Installation(inst, transformer, sdk, flush);
  }

  /** A running agent, for tests that install and remove it. */
  public static final class Installation implements AutoCloseable {
    private final Instrumentation inst;
    private final ClassFileTransformer transformer;
    private final AgentSdk sdk;
    private final Thread shutdownHook;

    Installation(Instrumentation inst, ClassFileTransformer transformer, AgentSdk sdk, Thread shutdownHook) {
      this.inst = inst;
      this.transformer = transformer;
      this.sdk = sdk;
      this.shutdownHook = shutdownHook;
    }

    @Override
    public void close() {
      inst.removeTransformer(transformer);
      Tracing.install(null);
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway
      }
      sdk.shutdown();
    }
  }
}
