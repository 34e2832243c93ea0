package io.spanwise.core.install;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Finds a module's helper classes instead of listing them: every class of the module's packages (the
 * package of its {@code InstrumentationModule} and below) that its advice refers to, directly or through
 * another helper, read from the class files' constant pools. Advice classes themselves are inlined, never
 * injected; the module's agent-side classes are never reached (advice and helpers may not refer to them,
 * which the build checks). Supertypes come first: a class is linked to them when it is defined.
 */
final class HelperClasses {
  private HelperClasses() {}

  /** {@code io/spanwise/instrumentation/mod/} for the module class {@code io.spanwise.instrumentation.mod.SomeModule}. */
  static String packagePrefix(Class<?> moduleClass) {
    String name = moduleClass.getName();
    return name.substring(0, name.lastIndexOf('.') + 1).replace('.', '/');
  }

  /** Binary name to bytes of each helper, in definition order; empty when the advice needs none. */
  static Map<String, byte[]> find(String packagePrefix, Collection<String> adviceNames, ClassLoader loader)
      throws IOException {
    Map<String, byte[]> helpers = new LinkedHashMap<>();
    Deque<String> pending = new ArrayDeque<>();
    for (String advice : adviceNames) {
      pending.add(advice.replace('.', '/'));
    }
    Map<String, Boolean> seen = new LinkedHashMap<>();
    while (!pending.isEmpty()) {
      String internal = pending.poll();
      if (seen.put(internal, Boolean.TRUE) != null) {
        continue;
      }
      byte[] bytes = read(loader, internal);
      if (bytes == null) {
        continue;
      }
      if (!adviceNames.contains(internal.replace('/', '.'))) {
        helpers.put(internal.replace('/', '.'), bytes);
      }
      for (String referenced : referencedClasses(bytes, packagePrefix)) {
        if (!seen.containsKey(referenced)) {
          pending.add(referenced);
        }
      }
    }
    return BootstrapInjector.inDefinitionOrder(helpers);
  }

  private static byte[] read(ClassLoader loader, String internalName) throws IOException {
    return ClassFiles.read(loader, internalName + ".class");
  }

  /**
   * Internal names under {@code prefix} in the class file's constant pool: class entries, and the
   * descriptors and signatures that name a type ({@code Lio/spanwise/...;}).
   */
  static Collection<String> referencedClasses(byte[] classFile, String prefix) throws IOException {
    Collection<String> names = new java.util.LinkedHashSet<>();
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    in.readInt(); // magic
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1:
          collect(in.readUTF(), prefix, names);
          break;
        case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
          in.skipBytes(4);
          break;
        case 5: case 6:
          in.skipBytes(8);
          i++;
          break;
        case 7: case 8: case 16: case 19: case 20:
          in.skipBytes(2);
          break;
        case 15:
          in.skipBytes(3);
          break;
        default:
          throw new IOException("unknown constant pool tag " + tag);
      }
    }
    return names;
  }

  private static void collect(String utf8, String prefix, Collection<String> names) {
    int from = utf8.indexOf(prefix);
    while (from >= 0) {
      int end = from + prefix.length();
      while (end < utf8.length() && isNamePart(utf8.charAt(end))) {
        end++;
      }
      names.add(utf8.substring(from, end));
      from = utf8.indexOf(prefix, end);
    }
  }

  private static boolean isNamePart(char c) {
    return Character.isJavaIdentifierPart(c) || c == '/';
  }
}
