package io.spanwise.core;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.core.config.Config;
import io.spanwise.core.install.ModuleInstaller;
import io.spanwise.core.install.StartupGate;
import io.spanwise.core.sdk.AgentSdk;
import io.spanwise.core.sdk.AgentVersion;
import io.spanwise.core.sdk.SdkFactory;
import io.spanwise.core.trace.AgentInstrumentationContext;
import io.spanwise.core.trace.CoreTracingBridge;
import io.spanwise.instrumentation.spi.AgentContextStorage;
import io.spanwise.instrumentation.spi.InstrumentationContext;
import io.spanwise.instrumentation.spi.InstrumentationModule;
import io.spanwise.instrumentation.spi.Suppression;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the agent inside its isolated class loader: reads the configuration, builds the SDK and
 * exporter, installs the library-neutral bridge that advice calls, hands each enabled instrumentation
 * module (found by ServiceLoader) the tracer, propagators and configuration to install its own tracer, and
 * weaves the enabled modules.
 */
public final class AgentInstaller {
  private AgentInstaller() {}

  /**
   * How long, at most, a class that can match waits at start-up for Byte Buddy to be ready before it
   * loads unwoven (and is woven by retransformation once it is); normally it waits a fraction of a second.
   */
  static final String STARTUP_WAIT = "spanwise.internal.startup-wait";
  /**
   * For tests: how long the gate stays shut after Byte Buddy is ready, as on a start where it is ready
   * late, so that the application's first classes certainly load before it opens.
   */
  static final String STARTUP_OPEN_DELAY = "spanwise.internal.startup-open-delay";

  /** Called reflectively by {@code AgentMain} (premain or agentmain). */
  public static void install(Instrumentation inst, boolean lateAttach) {
    try {
      AgentContextStorage.install();
      if (lateAttach) {
        install(inst, Config.fromEnvironment(), null);
      } else {
        installAtStartup(inst, Config.fromEnvironment());
      }
    } catch (Throwable t) {
      Tracing.install(null);
      AgentLog.error("the agent could not start; the application runs untraced", t);
    }
  }

  /**
   * {@code premain}: the application's {@code main} waits neither for Byte Buddy nor for the SDK, only
   * for the start-up gate to be registered (the application's classes must meet it). Two threads of the
   * agent's do the rest while the application starts:
   * <ul>
   *   <li>{@code spanwise-install} does everything Byte Buddy (on one thread, so no Byte Buddy class is
   *       initialized by two threads at once): the modules' type matchers and prefilter, then a
   *       {@link StartupGate} registered with it, then the modules' transformer;
   *   <li>{@code spanwise-sdk} builds the SDK and the exporter and installs the modules' tracers.
   * </ul>
   * The gate opens when both are done (see {@link StartupGate} for what a class loaded meanwhile does).
   * Nothing is woven before the tracers are installed, so no span can start before the SDK is there.
   */
  private static void installAtStartup(Instrumentation inst, Config config) throws Exception {
    ClassLoader agentLoader = AgentInstaller.class.getClassLoader();
    Modules modules = Modules.enabled(config, agentLoader);
    long waitMillis = config.getDuration(STARTUP_WAIT, Duration.ofSeconds(5)).toMillis();
    long openDelayMillis = config.getDuration(STARTUP_OPEN_DELAY, Duration.ZERO).toMillis();
    Handoff<StartupGate> gateRegistered = new Handoff<>();
    Handoff<Void> tracersInstalled = new Handoff<>();
    Thread tracers = new Thread(() -> {
      AgentSdk sdk;
      try {
        sdk = SdkFactory.create(config, null);
        installTracers(config, sdk, modules.enabled);
        addShutdownHook(sdk); // before anything is woven: an application may run and exit at once
        tracersInstalled.complete(null);
      } catch (Throwable t) {
        tracersInstalled.fail(t);
        Tracing.install(null);
        AgentLog.error("the agent could not start; the application runs untraced", t);
        return;
      }
      StartupGate gate;
      try {
        gate = gateRegistered.join();
      } catch (CompletionException gateFailed) { // premain's thread reported it
        Tracing.install(null);
        sdk.shutdown();
        return;
      }
      gate.tracersInstalled();
      logStarted(modules, sdk);
    }, "spanwise-sdk");
    tracers.setDaemon(true);
    Thread installer = new Thread(() -> {
      StartupGate gate = null;
      try {
        gate = ModuleInstaller.gate(inst, modules.enabled, agentLoader, waitMillis, tracers);
        gateRegistered.complete(gate);
        ModuleInstaller.openGate(inst, gate, modules.enabled, agentLoader, () -> {
          tracersInstalled.join();
          sleep(openDelayMillis);
        });
      } catch (Throwable t) {
        if (gate == null) {
          gateRegistered.fail(t); // premain's thread reports it
          return;
        }
        gate.close();
        inst.removeTransformer(gate);
        if (!(t instanceof CompletionException)) { // else the SDK failed, reported by its thread
          Tracing.install(null);
          AgentLog.error("the agent could not weave the application's classes; the application runs untraced", t);
        }
      }
    }, "spanwise-install");
    installer.setDaemon(true);
    installer.start();
    tracers.start();
    gateRegistered.join();
  }

  /**
   * A value one start-up thread hands another, or its failure. Not a {@code CompletableFuture}: its class
   * initializer loads {@code ForkJoinPool} during {@code premain}, before the agent weaves the JDK's
   * pools, which then had to be retransformed (every thread stopped for it) instead of woven as they load.
   */
  private static final class Handoff<T> {
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile T value;
    private volatile Throwable failure;

    void complete(T handed) {
      value = handed;
      done.countDown();
    }

    void fail(Throwable cause) {
      failure = cause;
      done.countDown();
    }

    /** Waits (uninterruptibly) for the value; a failure is thrown as a {@link CompletionException}. */
    T join() {
      boolean interrupted = false;
      while (true) {
        try {
          done.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (failure != null) {
        throw new CompletionException(failure);
      }
      return value;
    }
  }

  /**
   * Exports what is left when the JVM exits. An application that exits while the SDK is being built
   * (nothing woven yet, so no spans) gets the SDK shut down at once instead.
   */
  private static void addShutdownHook(AgentSdk sdk) {
    try {
      Runtime.getRuntime().addShutdownHook(new Thread(sdk::shutdown, "spanwise-shutdown"));
    } catch (IllegalStateException shuttingDown) {
      sdk.shutdown();
    }
  }

  /**
   * Installs the agent with the given configuration at once, retransforming the classes loaded before it
   * (a late attach; in-process tests, which pass an exporter to receive the spans directly).
   *
   * @return what to undo; {@link Installation#close()} removes the transformer and shuts the SDK down
   */
  public static Installation install(Instrumentation inst, Config config, SpanExporter exporterOverride)
      throws Exception {
    AgentContextStorage.install(); // before any context is used; a second installation finds it in place
    AgentSdk sdk = SdkFactory.create(config, exporterOverride);
    ClassLoader agentLoader = AgentInstaller.class.getClassLoader();
    Modules modules = Modules.enabled(config, agentLoader);
    installTracers(config, sdk, modules.enabled);
    ClassFileTransformer transformer = ModuleInstaller.install(inst, modules.enabled, agentLoader);

    Thread flush = new Thread(sdk::shutdown, "spanwise-shutdown");
    Runtime.getRuntime().addShutdownHook(flush);
    logStarted(modules, sdk);
    return new Installation(inst, transformer, sdk, flush);
  }

  private static void sleep(long millis) {
    if (millis > 0) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Installs the library-neutral bridge that advice calls and hands each module its tracer, propagators
   * and configuration, before any of its advice is woven.
   */
  private static void installTracers(Config config, AgentSdk sdk, List<InstrumentationModule> modules) {
    // With requests to ignore, spans under an ignored request's context are not started (Suppression)
    boolean suppressible = config.isSet("spanwise.traces.ignore");
    Tracer tracer = suppressible ? Suppression.honouring(sdk.tracer()) : sdk.tracer();
    Tracing.install(new CoreTracingBridge(tracer, sdk.propagators()));
    InstrumentationContext context = new AgentInstrumentationContext(tracer, sdk.propagators(), config,
        (name, version) -> {
          Tracer scoped = version == null ? sdk.tracerProvider().get(name) : sdk.tracerProvider().get(name, version);
          return suppressible ? Suppression.honouring(scoped) : scoped;
        });
    for (InstrumentationModule module : modules) {
      module.install(context);
    }
  }

  private static void logStarted(Modules modules, AgentSdk sdk) {
    AgentLog.info("Spanwise " + AgentVersion.get() + " on Java " + System.getProperty("java.version")
        + "; instrumentations on: " + (modules.on.isEmpty() ? "none" : String.join(", ", modules.on))
        + (modules.off.isEmpty() ? "" : "; off: " + String.join(", ", modules.off))
        + "; spans go to: " + sdk.exportDescription() + "; sampling: " + sdk.samplingDescription());
  }

  /** The instrumentation modules found by ServiceLoader, split by whether the configuration enables them. */
  private static final class Modules {
    final List<InstrumentationModule> enabled = new ArrayList<>();
    final Set<String> on = new TreeSet<>();
    final Set<String> off = new TreeSet<>();

    static Modules enabled(Config config, ClassLoader agentLoader) {
      Modules modules = new Modules();
      for (InstrumentationModule module : ServiceLoader.load(InstrumentationModule.class, agentLoader)) {
        if (config.isInstrumentationEnabled(module.name(), module.defaultEnabled())) {
          modules.enabled.add(module);
          modules.on.add(module.name());
        } else {
          modules.off.add(module.name());
        }
      }
      return modules;
    }
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
