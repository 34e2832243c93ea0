package io.spanwise.core.install;

import io.spanwise.core.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * The enabled modules' weaving as one class file transformer, made of Byte Buddy's parts: its type pool
 * describes the class, each instrumentation's matcher decides, its steps run (helper injection) and its
 * {@code Advice} and call replacements ({@link CallReplacer}) rewrite the class's methods as visitors over
 * the class file as it is (no change of the class's format), run by {@link ClassRewriter} over ASM's
 * reader and writer.
 *
 * <p>This is what Byte Buddy's {@code AgentBuilder} transformer does for this configuration, without that
 * transformer's class: on Java 9+ its class initializer generates, with Byte Buddy's own code generator, a
 * subclass of itself to receive the class's {@code Module}, which cost about 120 ms of CPU on the
 * installing thread, on the start-up's critical path, beyond what weaving needs. This class declares that
 * method. Nor does it go through Byte Buddy's {@code decorate(...).make()}, whose type-writer pipeline
 * cost more than the rewrite itself on the first classes (see {@link ClassRewriter}).
 *
 * <p>Only classes the {@link TypePrefilter} lets through are described at all. A class Byte Buddy loads
 * while weaving (on the same thread) is not woven itself, as Byte Buddy's circularity lock would do. A
 * failure leaves the class as it was and is logged: its spans are missing, the application runs.
 */
final class ModuleTransformer implements ClassFileTransformer {
  private static final int WARN_LIMIT = 10;

  private final TypePrefilter prefilter;
  private final SharedTypePool typePools;
  private final ElementMatcher<? super TypeDescription> ignoredTypes;
  private final ElementMatcher<ClassLoader> ignoredLoaders;
  private final List<Weaving> weavings;
  private final WovenClasses wovenClasses;
  /** Set while this thread weaves: a class loaded meanwhile (by Byte Buddy's own work) passes untouched. */
  private final ThreadLocal<Boolean> weaving = new ThreadLocal<>();
  private final AtomicInteger failures = new AtomicInteger();

  ModuleTransformer(TypePrefilter prefilter, SharedTypePool typePools,
      ElementMatcher<? super TypeDescription> ignoredTypes, ElementMatcher<ClassLoader> ignoredLoaders,
      List<Weaving> weavings, WovenClasses wovenClasses) {
    this.prefilter = prefilter;
    this.typePools = typePools;
    this.ignoredTypes = ignoredTypes;
    this.ignoredLoaders = ignoredLoaders;
    this.weavings = weavings;
    this.wovenClasses = wovenClasses;
  }

  /** Whether a class matches an instrumentation; {@code classBeingRedefined} is null as it first loads. */
  @FunctionalInterface
  interface Match {
    boolean matches(TypeDescription type, ClassLoader loader, Class<?> classBeingRedefined);
  }

  /** One step of an instrumentation's weaving of a matched class, before its methods are rewritten. */
  @FunctionalInterface
  interface Step {
    void apply(TypeDescription type, ClassLoader loader, ProtectionDomain domain);
  }

  /** An instrumentation: which classes, what to do for each of them, and what to weave into its methods. */
  static final class Weaving {
    final Match match;
    final List<Step> steps;
    final List<MethodWeaving> methods;
    /** Whether the matched classes get the agent's field ({@link AgentFieldWriter}). */
    final boolean addsAgentField;

    Weaving(Match match, List<Step> steps, List<MethodWeaving> methods, boolean addsAgentField) {
      this.match = match;
      this.steps = steps;
      this.methods = methods;
      this.addsAgentField = addsAgentField;
    }
  }

  /**
   * Advice or a call replacement, for the methods (and constructors) it matches: a method visitor made
   * for the class loader of the class woven.
   */
  static final class MethodWeaving {
    final ElementMatcher<? super MethodDescription> methods;
    final Function<ClassLoader, AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper> visitor;

    MethodWeaving(ElementMatcher<? super MethodDescription> methods,
        Function<ClassLoader, AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper> visitor) {
      this.methods = methods;
      this.visitor = visitor;
    }
  }

  @Override
  public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
      ProtectionDomain domain, byte[] bytes) {
    return transform(null, loader, internalName, classBeingRedefined, domain, bytes);
  }

  @Override
  public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> classBeingRedefined,
      ProtectionDomain domain, byte[] bytes) {
    if (internalName == null || weaving.get() != null
        || !prefilter.isCandidate(loader, internalName, classBeingRedefined, bytes)) {
      return null;
    }
    String name = internalName.replace('/', '.');
    weaving.set(Boolean.TRUE);
    try {
      return weave(module, loader, name, classBeingRedefined, domain, bytes);
    } catch (Throwable t) {
      if (failures.incrementAndGet() <= WARN_LIMIT) {
        AgentLog.warn("could not instrument " + name + " (it runs untraced): " + t);
      } else {
        AgentLog.debug("could not instrument " + name + ": " + t);
      }
      return null;
    } finally {
      weaving.remove();
    }
  }

  private byte[] weave(Module module, ClassLoader loader, String name, Class<?> classBeingRedefined, ProtectionDomain domain,
      byte[] bytes) {
    long started = AgentLog.isDebug() ? System.nanoTime() : 0L; // timed for the debug line only
    // the class from the bytes being loaded (never from its loader: it may be changing), its supertypes
    // and the advice's types from the loader
    ClassFileLocator locator = new ClassFileLocator.Compound(
        ClassFileLocator.Simple.of(name, bytes), LoaderClassFileLocator.of(loader));
    TypePool pool = typePools.typePool(locator, loader, name);
    TypeDescription type = pool.describe(name).resolve();
    if (ignoredTypes.matches(type)) {
      return null;
    }
    List<Weaving> matched = null;
    for (Weaving candidate : weavings) {
      if (candidate.match.matches(type, loader, classBeingRedefined)) {
        if (matched == null) {
          matched = new ArrayList<>();
        }
        matched.add(candidate);
      }
    }
    if (matched == null) {
      return null;
    }
    // All the method visitors in one wrapper, in order (the last one outermost, as chained visits would
    // be): each wrapper describes every method of the class again (its descriptor, from the type pool's
    // tokens) to find the ones it visits, once per advice class when each had its own.
    AsmVisitorWrapper.ForDeclaredMethods methods = new AsmVisitorWrapper.ForDeclaredMethods();
    boolean agentField = false;
    for (Weaving weaving : matched) {
      agentField |= weaving.addsAgentField;
      for (Step step : weaving.steps) {
        step.apply(type, loader, domain);
      }
      for (MethodWeaving method : weaving.methods) {
        methods = methods.invokable(method.methods, method.visitor.apply(loader));
      }
    }
    // A class being redefined cannot gain a field (its objects keep their values in a weak map instead),
    // and one given the field as it loaded must keep it. The method visitors see the class's events
    // first, as when the field writer is visited before them on a builder.
    AsmVisitorWrapper visitors = methods;
    if (agentField && (classBeingRedefined == null ? AgentFieldWriter.canAdd(type, module, loader)
        : AgentFieldWriter.wasAdded(classBeingRedefined))) {
      visitors = new AsmVisitorWrapper.Compound(AgentFieldWriter.INSTANCE, methods);
    }
    byte[] woven = ClassRewriter.rewrite(bytes, type, pool, visitors);
    if (AgentLog.isDebug()) {
      wovenClasses.woven(name, classBeingRedefined != null, System.nanoTime() - started);
    }
    return woven;
  }

  /**
   * The classes already loaded that an instrumentation matches, for an install after they loaded (a late
   * attach, in-process tests): retransforming them weaves them. Asked of each class through its
   * {@code Class} (the prefilter's look at the class file is for classes as they load); a class whose
   * matching fails is included, for the transformer to decide from its class file.
   */
  List<Class<?>> loadedToWeave(Instrumentation inst) {
    List<Class<?>> found = new ArrayList<>();
    for (Class<?> type : inst.getAllLoadedClasses()) {
      if (type.isArray() || type.isPrimitive() || !inst.isModifiableClass(type)) {
        continue;
      }
      ClassLoader loader = type.getClassLoader();
      if (loader != null && ignoredLoaders.matches(loader)) {
        continue;
      }
      try {
        TypeDescription description = TypeDescription.ForLoadedType.of(type);
        if (ignoredTypes.matches(description)) {
          continue;
        }
        for (Weaving candidate : weavings) {
          if (candidate.match.matches(description, loader, type)) {
            found.add(type);
            break;
          }
        }
      } catch (Throwable t) {
        found.add(type);
      }
    }
    return found;
  }
}
