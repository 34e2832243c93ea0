package io.spanwise.core.install;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.dynamic.loading.ByteArrayClassLoader;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Classes woven as the transformer weaves them ({@link ClassRewriter}), loaded and run: advice, and call
 * replacements ({@link CallReplacer}) with the cases they leave alone.
 */
class ClassRewriterTest {
  /** A pool's worker loop in miniature: the task's {@code run()} in the middle of a method. */
  public static class Worker {
    public int runAll(Runnable first, Runnable second) {
      first.run();
      second.run();
      return 2;
    }

    public void runOutsideTheLoop(Runnable task) {
      task.run();
    }

    public void runInherited(OnlyInherits task) {
      task.run(); // the instruction names OnlyInherits, which does not declare run()
    }
  }

  public static class BaseTask implements Runnable {
    final AtomicInteger runs = new AtomicInteger();

    @Override
    public void run() {
      runs.incrementAndGet();
    }
  }

  public static class OnlyInherits extends BaseTask {}

  public static class CallsSuper extends BaseTask {
    @Override
    public void run() {
      super.run();
    }
  }

  public static final class Replacements {
    static final List<Runnable> SEEN = new CopyOnWriteArrayList<>();

    private Replacements() {}

    public static void run(Runnable task) {
      SEEN.add(task);
      task.run();
    }

    public static String returnsSomething(Runnable task) {
      SEEN.add(task);
      return "not a void call";
    }

    static void notPublic(Runnable task) {}
  }

  public static class Greeter {
    public String greet(String name) {
      return "hello " + name;
    }

    public String untouched() {
      return "as it was";
    }
  }

  public static final class ExclaimAdvice {
    private ExclaimAdvice() {}

    @Advice.OnMethodExit
    public static void exit(@Advice.Return(readOnly = false) String greeting) {
      greeting = greeting + "!";
    }
  }

  private static final ElementMatcher<MethodDescription> RUNNABLE_RUN =
      named("run").and(takesArguments(0)).and(isDeclaredBy(Runnable.class));

  @BeforeEach
  void forget() {
    Replacements.SEEN.clear();
  }

  @Test
  void adviceIsWovenAndOtherMethodsAreCopiedUnchanged() throws Exception {
    Class<?> woven = weave(Greeter.class, new AsmVisitorWrapper.ForDeclaredMethods()
        .invokable(named("greet"), Advice.to(ExclaimAdvice.class)));
    Object greeter = woven.getConstructor().newInstance();
    assertThat(woven.getMethod("greet", String.class).invoke(greeter, "trace")).isEqualTo("hello trace!");
    assertThat(woven.getMethod("untouched").invoke(greeter)).isEqualTo("as it was");
  }

  @Test
  void theBytesAreThoseOfByteBuddysDecoration() throws Exception {
    ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(ClassRewriterTest.class.getClassLoader());
    TypePool pool = TypePool.Default.of(locator);
    TypeDescription type = pool.describe(Greeter.class.getName()).resolve();
    AsmVisitorWrapper advice = new AsmVisitorWrapper.ForDeclaredMethods()
        .invokable(named("greet"), Advice.to(ExclaimAdvice.class));
    byte[] decorated = new ByteBuddy()
        .with(TypeValidation.DISABLED)
        .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
        .with(Implementation.Context.Disabled.Factory.INSTANCE)
        .decorate(type, locator)
        .visit(AgentFieldWriter.INSTANCE)
        .visit(advice)
        .make(TypeResolutionStrategy.Disabled.INSTANCE, pool)
        .getBytes();
    byte[] rewritten = ClassRewriter.rewrite(locator.locate(Greeter.class.getName()).resolve(), type, pool,
        new AsmVisitorWrapper.Compound(AgentFieldWriter.INSTANCE, advice));
    assertThat(rewritten).isEqualTo(decorated);
  }

  @Test
  void theCallsInTheMatchedMethodGoToTheReplacementWithTheTargetFirst() throws Exception {
    Class<?> woven = weave(Worker.class, replacing(named("runAll"), "run"));
    Object worker = woven.getConstructor().newInstance();
    BaseTask first = new BaseTask();
    BaseTask second = new BaseTask();
    assertThat(woven.getMethod("runAll", Runnable.class, Runnable.class).invoke(worker, first, second)).isEqualTo(2);
    assertThat(Replacements.SEEN).containsExactly(first, second);
    assertThat(first.runs).hasValue(1);
    assertThat(second.runs).hasValue(1);

    BaseTask elsewhere = new BaseTask();
    woven.getMethod("runOutsideTheLoop", Runnable.class).invoke(worker, elsewhere);
    assertThat(Replacements.SEEN).as("a method not matched").doesNotContain(elsewhere);
    assertThat(elsewhere.runs).hasValue(1);
  }

  @Test
  void aCallNamingAnInheritedMethodIsLeftAlone() throws Exception {
    Class<?> woven = weave(Worker.class, replacing(named("runInherited"), "run"));
    OnlyInherits task = new OnlyInherits();
    woven.getMethod("runInherited", OnlyInherits.class).invoke(woven.getConstructor().newInstance(), task);
    assertThat(Replacements.SEEN).isEmpty();
    assertThat(task.runs).hasValue(1);
  }

  @Test
  void aCallThroughSuperIsLeftAlone() throws Exception {
    Class<?> woven = weave(CallsSuper.class, new AsmVisitorWrapper.ForDeclaredMethods().invokable(named("run"),
        new CallReplacer(named("run").and(isDeclaredBy(BaseTask.class)), replacement("run"))));
    Runnable task = (Runnable) woven.getConstructor().newInstance();
    task.run();
    assertThat(Replacements.SEEN).as("replacing super.run() would call run() again, forever").isEmpty();
  }

  @Test
  void aReplacementThatDoesNotFitTheCallIsNotUsed() throws Exception {
    Class<?> woven = weave(Worker.class, replacing(named("runAll"), "returnsSomething"));
    BaseTask first = new BaseTask();
    BaseTask second = new BaseTask();
    woven.getMethod("runAll", Runnable.class, Runnable.class).invoke(woven.getConstructor().newInstance(), first, second);
    assertThat(Replacements.SEEN).isEmpty();
    assertThat(first.runs).hasValue(1);
  }

  @Test
  void aReplacementMustBePublicAndStatic() {
    assertThatThrownBy(() -> new CallReplacer(RUNNABLE_RUN, replacement("notPublic")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("public and static");
  }

  private static AsmVisitorWrapper replacing(ElementMatcher<MethodDescription> inMethods, String replacement) {
    return new AsmVisitorWrapper.ForDeclaredMethods().invokable(inMethods,
        new CallReplacer(RUNNABLE_RUN, replacement(replacement)));
  }

  private static Method replacement(String name) {
    for (Method method : Replacements.class.getDeclaredMethods()) {
      if (method.getName().equals(name)) {
        return method;
      }
    }
    throw new AssertionError(name);
  }

  /** The class woven from its class file, defined again in a loader of its own (the rest from ours). */
  private static Class<?> weave(Class<?> type, AsmVisitorWrapper wrapper) throws Exception {
    ClassLoader parent = ClassRewriterTest.class.getClassLoader();
    ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(parent);
    TypePool pool = TypePool.Default.of(locator);
    byte[] bytes = locator.locate(type.getName()).resolve();
    byte[] woven = ClassRewriter.rewrite(bytes, pool.describe(type.getName()).resolve(), pool, wrapper);
    ClassLoader loader = new ByteArrayClassLoader.ChildFirst(parent, Map.of(type.getName(), woven));
    Class<?> loaded = Class.forName(type.getName(), true, loader);
    assertThat(loaded).isNotSameAs(type);
    return loaded;
  }
}
