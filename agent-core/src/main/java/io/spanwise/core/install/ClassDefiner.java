package io.spanwise.core.install;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;

/**
 * Defines a class in another class loader through {@code ClassLoader.defineClass}. The agent opens
 * {@code java.lang} to its own module with {@link Instrumentation#redefineModule} instead of using
 * {@code sun.misc.Unsafe}, which newer JDKs warn about on the application's stderr.
 */
final class ClassDefiner {
  private final Method defineClass;

  ClassDefiner(Instrumentation inst) throws ReflectiveOperationException {
    Module javaBase = ClassLoader.class.getModule();
    Module agent = ClassDefiner.class.getModule();
    if (!javaBase.isOpen("java.lang", agent)) {
      inst.redefineModule(javaBase, Set.of(), Map.of(), Map.of("java.lang", Set.of(agent)), Set.of(), Map.of());
    }
    defineClass = ClassLoader.class.getDeclaredMethod(
        "defineClass", String.class, byte[].class, int.class, int.class, ProtectionDomain.class);
    defineClass.setAccessible(true);
  }

  Class<?> define(ClassLoader loader, String name, byte[] bytes, ProtectionDomain domain)
      throws ReflectiveOperationException {
    return (Class<?>) defineClass.invoke(loader, name, bytes, 0, bytes.length, domain);
  }
}
