package io.spanwise.core.install;

import io.spanwise.core.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The transformer registered at start-up before Byte Buddy is ready, so that the application's
 * {@code main} need not wait for it. Making Byte Buddy's transformer loads about 800 of its classes and
 * generates one; that now happens on a thread of its own ({@link #open} is called when it is done) while
 * the application starts.
 *
 * <p>Until then, a class the {@link TypePrefilter} rejects (nearly all of them) loads at once, untouched,
 * as it would have anyway. A candidate of an application's class loader waits for Byte Buddy and is woven
 * as it loads, exactly as before. A candidate that must not wait is let through unwoven and retransformed
 * once Byte Buddy is ready: a class of the JDK's own loaders (Byte Buddy's thread may need it), one the
 * installing thread itself loads (or the thread installing the tracers, before the gate can open), one being
 * retransformed, and one that waited longer than {@code waitMillis} (the safety net, should the class's
 * thread hold a lock the installing thread needs).
 * Once open, every class goes straight to Byte Buddy's transformer behind the prefilter.
 */
public final class StartupGate implements ClassFileTransformer {
  private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

  private final TypePrefilter prefilter;
  private final long waitMillis;
  private final CountDownLatch opened = new CountDownLatch(1);
  /** Byte Buddy's transformer behind the prefilter, once ready; {@link #CLOSED} when it never will be. */
  private volatile ClassFileTransformer woven;
  /** The thread that makes Byte Buddy's transformer: a class it loads itself never waits for it. */
  private final Thread installer;
  /**
   * The thread that builds the SDK and installs the modules' tracers, until it has: the gate cannot
   * open before that, so a class it loads meanwhile must not wait either.
   */
  private volatile Thread tracerInstaller;
  /** Candidates let through unwoven before {@link #open}, to be retransformed ({@link #toRetransform}). */
  private final Set<PassedOver> passedOver = ConcurrentHashMap.newKeySet();

  private static final ClassFileTransformer CLOSED = new ClassFileTransformer() {};

  StartupGate(TypePrefilter prefilter, long waitMillis, Thread tracerInstaller, Thread installer) {
    this.prefilter = prefilter;
    this.waitMillis = waitMillis;
    this.tracerInstaller = tracerInstaller;
    this.installer = installer;
  }

  TypePrefilter prefilter() {
    return prefilter;
  }

  /** The modules' tracers are installed: from now on their thread waits like any other. */
  public void tracersInstalled() {
    this.tracerInstaller = null;
  }

  @Override
  public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> classBeingRedefined,
      ProtectionDomain domain, byte[] bytes) throws IllegalClassFormatException {
    ClassFileTransformer transformer = woven;
    if (transformer == null) {
      if (!prefilter.isCandidate(loader, internalName, classBeingRedefined, bytes)) {
        return null;
      }
      transformer = waitOrPassOver(loader, internalName, classBeingRedefined);
      if (transformer == null) {
        return null;
      }
    }
    return transformer.transform(module, loader, internalName, classBeingRedefined, domain, bytes);
  }

  /** Byte Buddy's transformer once it is ready, or null after recording the class for retransformation. */
  private ClassFileTransformer waitOrPassOver(ClassLoader loader, String internalName, Class<?> classBeingRedefined) {
    Thread current = Thread.currentThread();
    boolean mayWait = loader != null && loader != PLATFORM && classBeingRedefined == null
        && current != installer && current != tracerInstaller;
    if (mayWait && awaitOpen(internalName)) {
      return woven;
    }
    if (internalName == null) {
      return null; // a hidden class: it cannot be retransformed by name either
    }
    PassedOver key = new PassedOver(loader, internalName.replace('/', '.'));
    passedOver.add(key);
    // open() may have run (and the retransformation scan begun) after woven was read above: weave now,
    // the class is not defined yet, so no scan can have found it
    ClassFileTransformer transformer = woven;
    if (transformer != null) {
      passedOver.remove(key);
      return transformer == CLOSED ? null : transformer;
    }
    if (mayWait) {
      AgentLog.warn("waited " + waitMillis + " ms for the instrumentation to be ready while loading "
          + key.name + "; it loads unwoven now and is woven by retransformation once the instrumentation is ready");
    }
    return null;
  }

  private boolean awaitOpen(String internalName) {
    boolean interrupted = false;
    long started = System.nanoTime();
    long deadline = started + TimeUnit.MILLISECONDS.toNanos(waitMillis);
    try {
      while (true) {
        try {
          return opened.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS) && woven != CLOSED;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (AgentLog.isDebug()) {
        // the time a class's thread (often the application's main) stood still for the agent's start-up
        AgentLog.debug("waited " + WovenClasses.millis(System.nanoTime() - started) + " ms at the start-up gate: "
            + (internalName == null ? "a hidden class" : internalName.replace('/', '.')) + " ("
            + Thread.currentThread().getName() + ")");
      }
    }
  }

  /** Byte Buddy's transformer (behind the prefilter) is ready: from now on every class goes to it. */
  void open(ClassFileTransformer transformer) {
    woven = Objects.requireNonNull(transformer);
    opened.countDown();
  }

  /**
   * The instrumentation will never be ready: every class loads untouched, nothing waits. The caller
   * removes the gate from the instrumentation.
   */
  public void close() {
    woven = CLOSED;
    opened.countDown();
    passedOver.clear();
  }

  /**
   * After {@link #open}: the classes already loaded that must be retransformed to be woven, the
   * candidates let through meanwhile and the JDK's classes loaded before {@code premain} that an
   * instrumentation names ({@code jdkTypes}), found in one pass over the loaded classes. The JDK's
   * instrumentations name their classes, so the prefilter's names pick the few to describe and match out
   * of the two thousand or so loaded.
   */
  List<Class<?>> toRetransform(Instrumentation inst, ElementMatcher<TypeDescription> jdkTypes) {
    List<Class<?>> found = new ArrayList<>();
    for (Class<?> type : inst.getAllLoadedClasses()) {
      if (type.isArray() || type.isPrimitive() || !inst.isModifiableClass(type)) {
        continue;
      }
      ClassLoader loader = type.getClassLoader();
      boolean jdkLoader = loader == null || loader == PLATFORM;
      if ((!passedOver.isEmpty() && passedOver.remove(new PassedOver(loader, type.getName())))
          || (jdkLoader && prefilter.isNamed(loader, type.getName().replace('.', '/'))
              && jdkTypes.matches(TypeDescription.ForLoadedType.of(type)))) {
        found.add(type);
      }
    }
    passedOver.clear();
    return found;
  }

  /** A class by its loader (compared by identity) and binary name. */
  private static final class PassedOver {
    final ClassLoader loader;
    final String name;

    PassedOver(ClassLoader loader, String name) {
      this.loader = loader;
      this.name = name;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PassedOver && ((PassedOver) o).loader == loader && ((PassedOver) o).name.equals(name);
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(loader) * 31 + name.hashCode();
    }
  }
}
