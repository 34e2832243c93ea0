package io.spanwise.instrumentation.executors;

import static io.spanwise.instrumentation.spi.MethodMatchers.takesArgumentNamed;
import static io.spanwise.instrumentation.spi.MethodMatchers.takesOnlyArgumentNamed;
import static io.spanwise.instrumentation.spi.TypeInstrumentation.ofJdkTypes;
import static io.spanwise.instrumentation.spi.TypeInstrumentation.ofJdkTypesNamedStartingWith;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.spanwise.bootstrap.api.TaskRunner;
import io.spanwise.instrumentation.spi.InstrumentationModule;
import io.spanwise.instrumentation.spi.TypeInstrumentation;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Context across threads. Work handed to another thread runs in the context that was current when it was
 * handed over, and the thread that ran it is left with no context afterwards.
 *
 * <p>Where the JDK runs a task itself, the task is not wrapped: its context is remembered against the
 * task object (weakly) when it is submitted and made current around the JDK method that runs it. So the
 * application's objects stay what they were for {@code remove(task)}, {@code shutdownNow()},
 * {@code beforeExecute}/{@code afterExecute} and equality:
 * <ul>
 *   <li>{@code ThreadPoolExecutor}: remembered in {@code execute} (which {@code submit},
 *       {@code invokeAll} and {@code invokeAny} go through), resumed around the {@code task.run()} call of
 *       the worker loop ({@code runWorker}); forgotten when rejected, removed or drained.
 *   <li>{@code ScheduledThreadPoolExecutor}: remembered for the scheduled task it queues; a periodic task
 *       keeps its context for every run.
 *   <li>{@code ForkJoinPool} and {@code ForkJoinTask}: a {@code ForkJoinTask} is remembered when submitted
 *       or forked and resumed in {@code doExec}; a {@code Runnable} or {@code Callable}, which the pool
 *       adapts into a task of its own the application never sees, is wrapped.
 *   <li>{@code CompletableFuture}: a dependent stage ({@code thenApply}, {@code whenComplete}, ...) is
 *       remembered when registered and resumed whenever it fires, also in the thread that completes the
 *       future; {@code *Async} stages travel through their executor as any task.
 *   <li>{@code Thread.start()}, virtual threads included: remembered for the thread, resumed in its
 *       {@code run}; not for the JDK's own threads, nor for workers a pool starts.
 *   <li>The JDK {@code HttpClient}'s {@code send}/{@code sendAsync}: its own stages and tasks are
 *       machinery, nothing is remembered for them; stages chained on the returned future are.
 * </ul>
 * Any other {@code Executor} (an application's own, a server's thread pool) is instrumented where work
 * enters it ({@code execute}, {@code submit}, {@code schedule*}, {@code invokeAll}, {@code invokeAny}), and
 * the task is wrapped in a {@code ContextRunnable}/{@code ContextCallable}, which compares equal to it.
 * Nothing is remembered or wrapped when no context is current.
 */
public final class ExecutorsInstrumentationModule implements InstrumentationModule {
  private static final String PACKAGE = "io.spanwise.instrumentation.executors.";
  private static final String TPE = "java.util.concurrent.ThreadPoolExecutor";
  private static final String FJP = "java.util.concurrent.ForkJoinPool";
  private static final String CF = "java.util.concurrent.CompletableFuture$";
  // parameter types by name (MethodMatchers): no Class described while the start-up gate is registered
  private static final String RUNNABLE = "java.lang.Runnable";
  private static final String CALLABLE = "java.util.concurrent.Callable";
  private static final String COLLECTION = "java.util.Collection";
  private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

  @Override
  public String name() {
    return "executors";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    try {
      return List.of(
          ofJdkTypes(TPE)
              .advise(named("execute").and(takesOnlyArgumentNamed(RUNNABLE)), PACKAGE + "ThreadPoolExecuteAdvice")
              .advise(named("addWorker"), PACKAGE + "ExecutorMachineryAdvice")
              .advise(namedOneOf("reject", "remove").and(takesOnlyArgumentNamed(RUNNABLE)),
                  PACKAGE + "ForgetTaskAdvice")
              .advise(named("shutdownNow").and(takesArguments(0)), PACKAGE + "ForgetDrainedTasksAdvice")
              .replaceCalls(named("runWorker"),
                  named("run").and(takesArguments(0)).and(isDeclaredBy(named(RUNNABLE))),
                  TaskRunner.class.getMethod("run", Runnable.class)),
          ofJdkTypes("java.util.concurrent.ScheduledThreadPoolExecutor")
              .advise(named("delayedExecute").and(takesArguments(1)), PACKAGE + "RememberTaskAdvice"),
          ofJdkTypes(FJP)
              .advise(submission(namedOneOf("execute", "submit", "invoke", "externalSubmit", "lazySubmit"))
                  // by name: the class itself is not loaded before the agent weaves it
                  .and(takesArguments(1)).and(takesArgument(0, named("java.util.concurrent.ForkJoinTask"))),
                  PACKAGE + "RememberTaskAdvice")
              // JDK 25+: where delayed tasks enter (also CompletableFuture.delayedExecutor's)
              .advise(named("scheduleDelayedTask").and(takesArguments(1)), PACKAGE + "RememberTaskAdvice")
              .advise(submission(namedOneOf("execute", "submit")).and(takesArgumentNamed(0, RUNNABLE)),
                  PACKAGE + "ForkJoinRunnableAdvice")
              .advise(submission(namedOneOf("schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay"))
                  .and(takesArgumentNamed(0, RUNNABLE)), PACKAGE + "WrapRunnableAdvice")
              .advise(submission(namedOneOf("submit", "schedule", "submitWithTimeout"))
                  .and(takesArgumentNamed(0, CALLABLE)), PACKAGE + "WrapCallableAdvice")
              .advise(submission(namedOneOf("invokeAll", "invokeAny", "invokeAllUninterruptibly"))
                  .and(takesArgumentNamed(0, COLLECTION)), PACKAGE + "WrapCallablesAdvice"),
          ofJdkTypes("java.util.concurrent.ForkJoinTask")
              .advise(named("doExec").and(takesArguments(0)), PACKAGE + "ResumeTaskAdvice")
              .advise(named("fork").and(takesArguments(0)), PACKAGE + "RememberThisAdvice"),
          // the dependent stages: UniCompletion and its subclasses (Uni*, Bi*, Or*)
          ofJdkTypesNamedStartingWith(CF + "Uni", CF + "Bi", CF + "Or")
              .advise(isConstructor().and(isDeclaredBy(named(CF + "UniCompletion"))),
                  PACKAGE + "RememberConstructedAdvice")
              .advise(named("tryFire").and(takesOnlyArgumentNamed("int")).and(not(isAbstract())),
                  PACKAGE + "ResumeKeptTaskAdvice"),
          // The JDK HttpClient's own stages and tasks (dozens per call, on its selector thread and its
          // executor) are machinery: remembering the caller's context for each cost more than the call's
          // span. Stages the caller chains on the returned future are registered after the call returns
          // and keep the caller's context. (The java-http-client module does the same once its span is
          // current; this covers the module being off.)
          ofJdkTypes("jdk.internal.net.http.HttpClientImpl")
              .advise(namedOneOf("send", "sendAsync").and(isPublic()), PACKAGE + "ExecutorMachineryAdvice"),
          ofJdkTypes("java.lang.Thread", "java.lang.VirtualThread")
              .advise(named("start").and(not(isStatic())).and(not(isAbstract())), PACKAGE + "ThreadStartAdvice")
              .advise(named("run").and(takesArguments(0)).or(named("runWith").and(takesArguments(2))),
                  PACKAGE + "ThreadRunAdvice")
              .advise(named("exit").and(takesArguments(0)).and(isPrivate()), PACKAGE + "ThreadExitAdvice")
              // a virtual thread handing its continuation to its scheduler is not the application's work
              .advise(nameContains("ubmitRunContinuation"), PACKAGE + "ExecutorMachineryAdvice"),
          // Every other executor of the application: the JDK pools' subclasses reach the JDK methods above
          // without a wrapper.
          TypeInstrumentation.subTypesOf(applicationLoaders(), "java.util.concurrent.Executor")
              .excluding(extendsOneOf(TPE, FJP))
              .advise(submission(namedOneOf("execute", "submit", "schedule", "scheduleAtFixedRate",
                  "scheduleWithFixedDelay")).and(takesArgumentNamed(0, RUNNABLE)), PACKAGE + "HandOffRunnableAdvice")
              .advise(submission(namedOneOf("submit", "schedule")).and(takesArgumentNamed(0, CALLABLE)),
                  PACKAGE + "HandOffCallableAdvice")
              .advise(submission(namedOneOf("invokeAll", "invokeAny")).and(takesArgumentNamed(0, COLLECTION)),
                  PACKAGE + "HandOffCallablesAdvice"));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("the bootstrap API has no TaskRunner.run(Runnable)", e);
    }
  }

  /**
   * Whether a class is or extends one of these classes, along its superclasses only: {@code hasSuperClass}
   * walks every interface of the hierarchy too, each parsed from its class file, for every executor.
   */
  private static ElementMatcher<TypeDescription> extendsOneOf(String... classNames) {
    Set<String> names = Set.of(classNames);
    return type -> {
      for (TypeDefinition current = type; current != null; current = current.getSuperClass()) {
        if (names.contains(current.asErasure().getName())) {
          return true;
        }
      }
      return false;
    };
  }

  private static ElementMatcher<ClassLoader> applicationLoaders() {
    return loader -> loader != null && loader != PLATFORM;
  }

  private static ElementMatcher.Junction<MethodDescription> submission(
      ElementMatcher<? super MethodDescription> name) {
    return isPublic().and(not(isStatic())).and(not(isAbstract())).and(not(isBridge())).and(name);
  }
}
