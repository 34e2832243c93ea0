package io.spanwise.core.install;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.instrumentation.spi.TypeInstrumentation;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The gate between {@code premain} and Byte Buddy's transformer: what a class loading before it is ready
 * does. The transformer behind it is a recorder (Byte Buddy's own is exercised by every test that weaves);
 * the prefilter is the real one, over a named instrumentation.
 */
class StartupGateTest {
  private static final ClassLoader APP = StartupGateTest.class.getClassLoader();
  private static final byte[] WOVEN = {42};
  private static final String CANDIDATE = "shop/CheckoutServlet";

  private final List<String> transformed = new CopyOnWriteArrayList<>();
  private final ClassFileTransformer byteBuddy = new ClassFileTransformer() {
    @Override
    public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
        ProtectionDomain domain, byte[] bytes) {
      transformed.add(name);
      return WOVEN;
    }
  };

  private static final Thread TRACERS = new Thread("spanwise-tracers");
  private static final Thread INSTALLER = new Thread("spanwise-install");

  /** A gate as {@code premain} leaves it: made on other threads, the tracers installed. */
  private StartupGate gate(long waitMillis) {
    StartupGate gate = gate(waitMillis, TRACERS, INSTALLER);
    gate.tracersInstalled();
    return gate;
  }

  private static StartupGate gate(long waitMillis, Thread tracers, Thread installer) {
    return new StartupGate(new TypePrefilter(List.of(
        TypeInstrumentation.named(any(), "shop.CheckoutServlet", "java.util.concurrent.ForkJoinPool"))),
        waitMillis, tracers, installer);
  }

  private static byte[] load(StartupGate gate, ClassLoader loader, String name) throws Exception {
    return gate.transform(null, loader, name, null, null, new byte[] {1, 2, 3});
  }

  /** The candidate class loading on another thread, as the application's {@code main} would. */
  private static CompletableFuture<byte[]> loadingOnAnotherThread(StartupGate gate) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return load(gate, APP, CANDIDATE);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void aClassNoInstrumentationCanMatchLoadsAtOnceUntouched() throws Exception {
    StartupGate gate = gate(60_000);
    assertThat(load(gate, APP, "shop/Main")).isNull();
    assertThat(transformed).isEmpty();
  }

  @Test
  void anApplicationClassThatCanMatchWaitsAndIsWovenAsItLoads() throws Exception {
    StartupGate gate = gate(60_000);
    CompletableFuture<byte[]> loading = loadingOnAnotherThread(gate);
    Thread.sleep(100);
    assertThat(loading).isNotDone();

    gate.open(byteBuddy);
    assertThat(loading.get(10, TimeUnit.SECONDS)).isEqualTo(WOVEN);
    assertThat(transformed).containsExactly(CANDIDATE);
  }

  @Test
  void onceOpenEveryClassGoesToByteBuddy() throws Exception {
    StartupGate gate = gate(60_000);
    gate.open(byteBuddy);
    assertThat(load(gate, APP, "shop/Main")).isEqualTo(WOVEN);
    assertThat(transformed).containsExactly("shop/Main");
  }

  @Test
  void jdkClassesAndTheInstallingThreadsOwnNeverWait() throws Exception {
    StartupGate gate = gate(60_000);
    assertThat(load(gate, null, "java/util/concurrent/ForkJoinPool")).isNull();

    StartupGate installing = gate(60_000, TRACERS, Thread.currentThread());
    installing.tracersInstalled();
    assertThat(load(installing, APP, CANDIDATE)).isNull();
    assertThat(transformed).isEmpty();
  }

  @Test
  void theTracersThreadDoesNotWaitBeforeTheyAreInstalled() throws Exception {
    StartupGate gate = gate(60_000, Thread.currentThread(), INSTALLER);
    assertThat(load(gate, APP, CANDIDATE)).isNull();
    assertThat(transformed).isEmpty();
  }

  @Test
  void aClassThatWaitedTooLongLoadsUnwoven() throws Exception {
    StartupGate gate = gate(50);
    long start = System.nanoTime();
    assertThat(load(gate, APP, CANDIDATE)).isNull();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(50);
    assertThat(transformed).isEmpty();
  }

  @Test
  void aClosedGateLetsEverythingThroughWithoutWaiting() throws Exception {
    StartupGate gate = gate(60_000);
    CompletableFuture<byte[]> loading = loadingOnAnotherThread(gate);
    Thread.sleep(100);
    gate.close();
    assertThat(loading.get(10, TimeUnit.SECONDS)).isNull();
    assertThat(load(gate, APP, CANDIDATE)).isNull();
    assertThat(transformed).isEmpty();
  }
}
