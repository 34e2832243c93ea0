package io.spanwise.core.install;

import static net.bytebuddy.matcher.ElementMatchers.any;

import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.core.AgentLog;
import io.spanwise.instrumentation.spi.InstrumentationModule;
import io.spanwise.instrumentation.spi.TypeInstrumentation;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.utility.JavaModule;

/** Turns the enabled instrumentation modules into one Byte Buddy transformer. */
public final class ModuleInstaller {
  private ModuleInstaller() {}

  /**
   * Installs the modules.
   *
   * @param retransform also transform classes loaded before the agent (late attach, in-process tests)
   */
  public static ClassFileTransformer install(
      Instrumentation inst, List<InstrumentationModule> modules, ClassLoader agentLoader, boolean retransform)
      throws ReflectiveOperationException {
    ClassDefiner definer = new ClassDefiner(inst);
    Advice.ExceptionHandler reportFailure = new Advice.ExceptionHandler.Simple(MethodInvocation.invoke(
        new MethodDescription.ForLoadedMethod(Tracing.class.getMethod("adviceFailed", Throwable.class))));

    AgentBuilder builder = newAgentBuilder()
        .disableClassFormatChanges()
        .with(retransform ? AgentBuilder.RedefinitionStrategy.RETRANSFORMATION : AgentBuilder.RedefinitionStrategy.DISABLED)
        .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
        .with(AgentBuilder.PoolStrategy.Default.FAST)
        .with(new FailureListener())
        .with(prefilter(modules).decorator())
        .ignore(IgnoredTypes.types())
        .or(any(), IgnoredTypes.loaders(agentLoader));

    for (InstrumentationModule module : modules) {
      HelperInjector helpers = new HelperInjector(module.name(), module.helperClassNames(), agentLoader, definer);
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        AgentBuilder.Transformer.ForAdvice advice = new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .withExceptionHandler(reportFailure);
        for (TypeInstrumentation.MethodAdvice method : type.advice()) {
          advice = advice.advice(method.methods(), method.adviceClassName());
        }
        builder = builder.type(type.typeMatcher(), type.classLoaderMatcher())
            .transform(helpers)
            .transform(advice);
      }
    }
    return builder.installOn(inst);
  }

  private static TypePrefilter prefilter(List<InstrumentationModule> modules) {
    List<TypeInstrumentation> all = new ArrayList<>();
    for (InstrumentationModule module : modules) {
      all.addAll(module.typeInstrumentations());
    }
    return new TypePrefilter(all);
  }

  /**
   * Byte Buddy's default initialization strategy prepares its "Nexus" through sun.misc.Unsafe, which
   * JDK 24+ reports on the application's stderr. Advice needs no Nexus (class format changes are
   * disabled), so it is switched off for the moment the builder is made; the property is read once,
   * by a class of the agent's own Byte Buddy, and the application's Byte Buddy never sees it set.
   */
  private static AgentBuilder newAgentBuilder() {
    String property = "net.bytebuddy.nexus.disabled";
    String previous = System.getProperty(property);
    System.setProperty(property, "true");
    try {
      return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED));
    } finally {
      if (previous == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, previous);
      }
    }
  }

  /** Logs classes that matched but could not be transformed: their spans will be missing. */
  private static final class FailureListener extends AgentBuilder.Listener.Adapter {
    private static final int WARN_LIMIT = 10;
    private final AtomicInteger failures = new AtomicInteger();

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
      if (failures.incrementAndGet() <= WARN_LIMIT) {
        AgentLog.warn("could not instrument " + typeName + " (it runs untraced): " + error);
      } else {
        AgentLog.debug("could not instrument " + typeName + ": " + error);
      }
    }

    @Override
    public void onTransformation(
        TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded, DynamicType dynamicType) {
      AgentLog.debug("instrumented " + type.getName());
    }
  }
}
