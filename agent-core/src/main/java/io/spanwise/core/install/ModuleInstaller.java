package io.spanwise.core.install;

import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.core.AgentLog;
import io.spanwise.instrumentation.spi.WeakKeyMap;
import io.spanwise.instrumentation.spi.InstrumentationModule;
import io.spanwise.instrumentation.spi.TypeInstrumentation;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/** Turns the enabled instrumentation modules into one Byte Buddy transformer. */
public final class ModuleInstaller {
  private ModuleInstaller() {}

  /**
   * Installs the modules at once (late attach, in-process tests): Byte Buddy's transformer is made and
   * registered before this returns, and every loaded class that matches is retransformed.
   */
  public static ClassFileTransformer install(
      Instrumentation inst, List<InstrumentationModule> modules, ClassLoader agentLoader)
      throws ReflectiveOperationException {
    ClassDefiner definer = new ClassDefiner(inst);
    TypePrefilter prefilter = prefilter(inst, modules, agentLoader); // after the ClassDefiner: it opened java.lang
    Woven woven = weave(inst, modules, agentLoader, definer, prefilter);
    inst.addTransformer(woven.transformer, true);
    retransform(inst, woven.transformer.loadedToWeave(inst));
    woven.classes.summarizeLater();
    return woven.transformer;
  }

  /**
   * The first half of installing at start-up, on the installing thread: registers a {@link StartupGate}
   * with the modules' prefilter, which lets the application's classes load while Byte Buddy gets ready.
   * The modules' type matchers are built here, the transformer by {@link #openGate}.
   *
   * @param waitMillis how long a class that can match waits for the gate to open before it loads
   *     unwoven (to be retransformed once it opens)
   * @param tracerInstaller the thread installing the modules' tracers: it never waits until
   *     {@link StartupGate#tracersInstalled}
   */
  public static StartupGate gate(Instrumentation inst, List<InstrumentationModule> modules, ClassLoader agentLoader,
      long waitMillis, Thread tracerInstaller) throws ReflectiveOperationException {
    new ClassDefiner(inst); // opens java.lang to the agent, for the prefilter's look-up of loaded classes
    StartupGate gate = new StartupGate(prefilter(inst, modules, agentLoader), waitMillis, tracerInstaller,
        Thread.currentThread());
    inst.addTransformer(gate, true);
    return gate;
  }

  /**
   * The second half, on the installing thread: makes the modules' transformer, waits for
   * {@code modulesReady} (each module's tracer installed), opens the gate and retransforms the classes
   * it let through meanwhile and the JDK's classes loaded before {@code premain}.
   */
  public static void openGate(Instrumentation inst, StartupGate gate, List<InstrumentationModule> modules,
      ClassLoader agentLoader, Runnable modulesReady) throws ReflectiveOperationException {
    ClassDefiner definer = new ClassDefiner(inst);
    Woven woven = weave(inst, modules, agentLoader, definer, gate.prefilter());
    modulesReady.run();
    gate.open(woven.transformer);
    woven.classes.summarizeLater();
    List<Class<?>> loaded = gate.toRetransform(inst, woven.instrumentsJdk ? woven.jdkTypes : none());
    retransform(inst, loaded);
    if (AgentLog.isDebug()) {
      List<String> names = new ArrayList<>();
      for (Class<?> type : loaded) {
        names.add(type.getName());
      }
      AgentLog.debug("woven after loading, by retransformation: " + names);
    }
  }

  /** The modules' transformer, not yet registered. */
  private static Woven weave(Instrumentation inst, List<InstrumentationModule> modules, ClassLoader agentLoader,
      ClassDefiner definer, TypePrefilter prefilter) throws ReflectiveOperationException {
    Advice.ExceptionHandler reportFailure = new Advice.ExceptionHandler.Simple(MethodInvocation.invoke(
        new MethodDescription.ForLoadedMethod(Tracing.class.getMethod("adviceFailed", Throwable.class))));
    AdviceClasses adviceClasses = new AdviceClasses(agentLoader, reportFailure);

    boolean instrumentsJdk = hasJdkTypes(modules) && bootstrapApiOnBootPath();
    ElementMatcher.Junction<TypeDescription> jdkTypes = none();
    // A type a module names itself is woven even where the ignore list rejects its package (a logging
    // library's event class: the logging libraries are ignored as a whole).
    Set<String> namedTypes = new HashSet<>();
    for (InstrumentationModule module : modules) {
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        if (type.isJdk() && instrumentsJdk) {
          jdkTypes = jdkTypes.or(type.typeMatcher());
        }
        if (!type.isJdk() && type.superTypeNames() != null) {
          namedTypes.addAll(type.superTypeNames());
        }
        if (!type.isJdk() && type.typeNames() != null) {
          namedTypes.addAll(type.typeNames());
        }
      }
    }
    if (instrumentsJdk) {
      exposeBootstrapApiToJavaBase(inst);
    }

    ElementMatcher<TypeDescription> ignoredTypes =
        IgnoredTypes.types().and(not(jdkTypes)).and(not(namedOneOf(namedTypes.toArray(new String[0]))));

    List<String> moduleNames = new ArrayList<>();
    for (InstrumentationModule module : modules) {
      moduleNames.add(module.name());
    }
    WovenClasses wovenClasses = new WovenClasses(moduleNames);
    List<ModuleTransformer.Weaving> weavings = new ArrayList<>();
    for (InstrumentationModule module : modules) {
      ModuleTransformer.Step recordWoven = wovenClasses.recorder(module.name());
      List<TypeInstrumentation> types = module.typeInstrumentations();
      List<String> adviceNames = new ArrayList<>();
      for (TypeInstrumentation type : types) {
        for (TypeInstrumentation.MethodAdvice advice : type.advice()) {
          adviceNames.add(advice.adviceClassName());
        }
      }
      HelperInjector helpers = new HelperInjector(module.name(),
          HelperClasses.packagePrefix(module.getClass()), adviceNames, agentLoader, definer);
      for (TypeInstrumentation type : types) {
        if (type.isJdk() && !instrumentsJdk) {
          continue;
        }
        List<ModuleTransformer.MethodWeaving> methods = new ArrayList<>();
        for (TypeInstrumentation.MethodAdvice method : type.advice()) {
          methods.add(new ModuleTransformer.MethodWeaving(
              method.methods(), loader -> adviceClasses.advice(method, loader)));
        }
        for (TypeInstrumentation.CallReplacement replacement : type.callReplacements()) {
          CallReplacer replacer = new CallReplacer(replacement.calls(), replacement.replacement());
          methods.add(new ModuleTransformer.MethodWeaving(replacement.inMethods(), loader -> replacer));
        }
        weavings.add(new ModuleTransformer.Weaving(match(type, prefilter), List.of(helpers, recordWoven), methods,
            type.addsAgentField()));
      }
    }
    ModuleTransformer transformer = new ModuleTransformer(prefilter, new SharedTypePool(),
        ignoredTypes, IgnoredTypes.loaders(agentLoader), weavings, wovenClasses);
    return new Woven(transformer, wovenClasses, instrumentsJdk, jdkTypes);
  }

  /**
   * An instrumentation's matcher: a subtype instrumentation's answers from the classes' supertypes as the
   * prefilter does; any other asks its loader matcher, then its type matcher.
   */
  private static ModuleTransformer.Match match(TypeInstrumentation type, TypePrefilter prefilter) {
    if (type.superTypeNames() != null) {
      return prefilter.subTypeMatcher(type);
    }
    ElementMatcher<ClassLoader> loaders = type.classLoaderMatcher();
    ElementMatcher<? super TypeDescription> types = type.typeMatcher();
    return (description, loader, classBeingRedefined) -> loaders.matches(loader) && types.matches(description);
  }

  /** The modules' transformer, and what installing it needs to know. */
  private static final class Woven {
    final ModuleTransformer transformer;
    final WovenClasses classes;
    final boolean instrumentsJdk;
    final ElementMatcher<TypeDescription> jdkTypes;

    Woven(ModuleTransformer transformer, WovenClasses classes, boolean instrumentsJdk,
        ElementMatcher<TypeDescription> jdkTypes) {
      this.transformer = transformer;
      this.classes = classes;
      this.instrumentsJdk = instrumentsJdk;
      this.jdkTypes = jdkTypes;
    }
  }

  private static TypePrefilter prefilter(Instrumentation inst, List<InstrumentationModule> modules,
      ClassLoader agentLoader) {
    List<TypeInstrumentation> all = new ArrayList<>();
    for (InstrumentationModule module : modules) {
      all.addAll(module.typeInstrumentations());
    }
    return new TypePrefilter(all, IgnoredTypes.loaders(agentLoader),
        LoadedClasses.lookingUp(inst.getAllLoadedClasses()));
  }

  /**
   * Advice classes prepared once per class loader of the instrumented types (all the JDK's classes share
   * one set), instead of once per instrumented type as Byte Buddy's {@code Transformer.ForAdvice} does:
   * preparing means reading and parsing the advice class and the types it names, which the library's
   * loader must see. Loaders are held weakly.
   */
  private static final class AdviceClasses {
    private final ClassFileLocator agentClasses;
    private final Advice.ExceptionHandler reportFailure;
    private final WeakKeyMap<ClassLoader, Prepared> byLoader = new WeakKeyMap<>();
    private final Prepared bootstrap;

    AdviceClasses(ClassLoader agentLoader, Advice.ExceptionHandler reportFailure) {
      // The bootstrap API's class files are read through the system loader (the agent jar is on the
      // class path): the bootstrap loader does not serve resources of jars appended to it at run time.
      this.agentClasses = new ClassFileLocator.Compound(
          LoaderClassFileLocator.of(agentLoader), LoaderClassFileLocator.of(ClassLoader.getSystemClassLoader()));
      this.reportFailure = reportFailure;
      this.bootstrap = new Prepared(LoaderClassFileLocator.of(null));
    }

    Advice advice(TypeInstrumentation.MethodAdvice method, ClassLoader loader) {
      Prepared prepared;
      if (loader == null) {
        prepared = bootstrap;
      } else {
        prepared = byLoader.get(loader);
        if (prepared == null) {
          Prepared created = new Prepared(LoaderClassFileLocator.of(loader));
          prepared = byLoader.putIfAbsent(loader, created);
          if (prepared == null) {
            prepared = created;
          }
        }
      }
      return prepared.advice(method.adviceClassName(), method.bindings());
    }

    private final class Prepared {
      private final ClassFileLocator locator;
      private final TypePool types;
      private final Map<String, Advice> advice = new ConcurrentHashMap<>();

      Prepared(ClassFileLocator library) {
        this.locator = new ClassFileLocator.Compound(agentClasses, library);
        this.types = TypePool.Default.of(locator);
      }

      Advice advice(String className, List<Advice.OffsetMapping.Factory<?>> bindings) {
        // An advice class is always bound with the same factories (TypeInstrumentation.advise): its name
        // is the key.
        return advice.computeIfAbsent(className, name -> {
          Advice.WithCustomMapping mapping = Advice.withCustomMapping();
          for (Advice.OffsetMapping.Factory<?> binding : bindings) {
            mapping = mapping.bind(binding);
          }
          return mapping.to(types.describe(name).resolve(), locator).withExceptionHandler(reportFailure);
        });
      }
    }
  }

  private static boolean hasJdkTypes(List<InstrumentationModule> modules) {
    for (InstrumentationModule module : modules) {
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        if (type.isJdk()) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Advice woven into JDK classes calls the bootstrap API, so it must be on the bootstrap class path
   * ({@code AgentMain} puts it there; so does the in-process test agent). If it is not, the JDK
   * instrumentations are skipped rather than breaking the JDK's own classes.
   */
  private static boolean bootstrapApiOnBootPath() {
    if (Tracing.class.getClassLoader() == null) {
      return true;
    }
    AgentLog.warn("the bootstrap API is not on the bootstrap class path; JDK classes are not instrumented"
        + " (no context across threads)");
    return false;
  }

  /**
   * JDK classes live in named modules, which read only what they declare: {@code java.base} must read
   * the bootstrap loader's unnamed module for its advice to link against the bootstrap API.
   */
  private static void exposeBootstrapApiToJavaBase(Instrumentation inst) {
    Module api = Tracing.class.getModule();
    // java.net.http (the JDK HttpClient) is the platform loader's: its classes find the bootstrap
    // loader's classes through the platform loader's parent, but its module must read it too
    for (String name : JDK_MODULES_WITH_ADVICE) {
      Module module = ModuleLayer.boot().findModule(name).orElse(null);
      if (module != null && !module.canRead(api)) {
        inst.redefineModule(module, Set.of(api), Map.of(), Map.of(), Set.of(), Map.of());
      }
    }
  }

  /** Retransforms each class on its own: one that cannot be changed does not keep the others unwoven. */
  private static void retransform(Instrumentation inst, Iterable<Class<?>> types) {
    for (Class<?> type : types) {
      try {
        inst.retransformClasses(type);
      } catch (Throwable e) {
        AgentLog.warn("could not retransform " + type.getName() + " (it runs untraced): " + e);
      }
    }
  }

  private static final List<String> JDK_MODULES_WITH_ADVICE = List.of("java.base", "java.net.http");
}
