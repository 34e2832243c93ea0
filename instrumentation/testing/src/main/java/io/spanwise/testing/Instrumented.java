package io.spanwise.testing;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.concurrent.atomic.AtomicReference;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * Whether a loaded class carries the agent's advice: its bytes as the agent left them, seen by a
 * transformer registered after the agent's while the class is retransformed, must call the bootstrap API (the neutral one or a module's facade).
 */
public final class Instrumented {
  private Instrumented() {}

  public static boolean isInstrumented(Class<?> type) {
    return calls(type, "io/spanwise/bootstrap/");
  }

  /**
   * Whether the loaded class, as the agent left it, names a class of the bootstrap API whose internal name
   * starts with this ({@code "io/spanwise/bootstrap/instrumentation/httpclient/"}: a module's facade).
   */
  public static boolean calls(Class<?> type, String internalNamePrefix) {
    Instrumentation inst = ByteBuddyAgent.getInstrumentation();
    AtomicReference<byte[]> seen = new AtomicReference<>();
    ClassFileTransformer spy = new ClassFileTransformer() {
      @Override
      public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
          byte[] bytes) {
        if (redefined == type) {
          seen.set(bytes.clone());
        }
        return null;
      }
    };
    inst.addTransformer(spy, true);
    try {
      inst.retransformClasses(type);
    } catch (Exception e) {
      throw new AssertionError("cannot retransform " + type, e);
    } finally {
      inst.removeTransformer(spy);
    }
    byte[] bytes = seen.get();
    return bytes != null
        && new String(bytes, StandardCharsets.ISO_8859_1).contains(internalNamePrefix);
  }
}
