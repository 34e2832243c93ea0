package io.spanwise.core.install;

/**
 * For an install at once (late attach, in-process tests; {@code premain} uses a {@link StartupGate}
 * instead): prepares Byte Buddy's class file transformer on another thread while the agent builds the
 * SDK. On Java 9+ Byte Buddy makes, the first time its transformer class is initialized, a subclass of it
 * at run time (to receive the class's module), which loads its whole class-generation machinery: about
 * 0.17 s. The SDK does not use Byte Buddy, so the two overlap; the installer waits for this thread
 * before it touches Byte Buddy itself, so no Byte Buddy class is ever initialized by two threads at once.
 * A failure here is left for the installer to meet (and report) on its own thread.
 */
public final class ByteBuddyWarmUp {
  static final String TRANSFORMER = "net.bytebuddy.agent.builder.AgentBuilder$Default$ExecutingTransformer";

  private final Thread thread;

  private ByteBuddyWarmUp(Thread thread) {
    this.thread = thread;
  }

  /** Starts initializing Byte Buddy's transformer class (in the agent's own loader). */
  public static ByteBuddyWarmUp start() {
    ClassLoader agentLoader = ByteBuddyWarmUp.class.getClassLoader();
    Thread thread = new Thread(() -> {
      try {
        Class.forName(TRANSFORMER, true, agentLoader);
      } catch (Throwable t) {
        // the installer meets the same failure on its own thread and reports it
      }
    }, "spanwise-warmup");
    thread.setDaemon(true);
    thread.start();
    return new ByteBuddyWarmUp(thread);
  }

  /** Waits for the warm-up; call before using any Byte Buddy class. */
  public void await() {
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
