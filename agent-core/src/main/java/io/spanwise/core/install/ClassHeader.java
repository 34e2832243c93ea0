package io.spanwise.core.install;

import java.nio.charset.StandardCharsets;

/**
 * The start of a class file, read without a class-file library: access flags, the class's own name, its
 * superclass and its interfaces (binary names, with dots). Reading stops after the interfaces, so it
 * costs one pass over the constant pool and nothing else.
 */
final class ClassHeader {
  static final int ACC_INTERFACE = 0x0200;

  final int access;
  final String name;
  final String superName;
  final String[] interfaces;

  private ClassHeader(int access, String name, String superName, String[] interfaces) {
    this.access = access;
    this.name = name;
    this.superName = superName;
    this.interfaces = interfaces;
  }

  boolean isInterface() {
    return (access & ACC_INTERFACE) != 0;
  }

  /** Throws IllegalArgumentException (or an index exception) on bytes that are not a class file. */
  static ClassHeader parse(byte[] b) {
    if (b.length < 10 || u4(b, 0) != 0xCAFEBABE) {
      throw new IllegalArgumentException("not a class file");
    }
    int[] offsets = new int[u2(b, 8)];
    int pos = constantOffsets(b, offsets);
    int access = u2(b, pos);
    String name = className(b, offsets, u2(b, pos + 2));
    int superIndex = u2(b, pos + 4);
    String superName = superIndex == 0 ? null : className(b, offsets, superIndex);
    int interfaceCount = u2(b, pos + 6);
    String[] interfaces = new String[interfaceCount];
    for (int i = 0; i < interfaceCount; i++) {
      interfaces[i] = className(b, offsets, u2(b, pos + 8 + 2 * i));
    }
    return new ClassHeader(access, name, superName, interfaces);
  }

  /**
   * Fills in where each constant's bytes start (after its tag) and returns where the constant pool ends.
   * A method of its own: it is the loop that runs hot (once per constant of every class loaded), and the
   * JIT then compiles only it, not {@link #parse} and all that it calls (which showed as the largest C2
   * compilation of the agent's at start-up).
   */
  private static int constantOffsets(byte[] b, int[] offsets) {
    int pos = 10;
    for (int i = 1; i < offsets.length; i++) {
      int tag = b[pos] & 0xFF;
      offsets[i] = pos + 1;
      switch (tag) {
        case 1: // Utf8
          pos += 3 + u2(b, pos + 1);
          break;
        case 7: // Class
        case 8: // String
        case 16: // MethodType
        case 19: // Module
        case 20: // Package
          pos += 3;
          break;
        case 15: // MethodHandle
          pos += 4;
          break;
        case 3: // Integer
        case 4: // Float
        case 9: // Fieldref
        case 10: // Methodref
        case 11: // InterfaceMethodref
        case 12: // NameAndType
        case 17: // Dynamic
        case 18: // InvokeDynamic
          pos += 5;
          break;
        case 5: // Long
        case 6: // Double
          pos += 9;
          i++; // takes two entries
          break;
        default:
          throw new IllegalArgumentException("unknown constant pool tag " + tag);
      }
    }
    return pos;
  }

  private static String className(byte[] b, int[] offsets, int classIndex) {
    int utf8 = offsets[u2(b, offsets[classIndex])];
    int length = u2(b, utf8);
    int start = utf8 + 2;
    boolean ascii = true;
    for (int i = start; i < start + length; i++) {
      if (b[i] <= 0) { // 0x80.. and the modified UTF-8 zero (never in a name, but be exact)
        ascii = false;
        break;
      }
    }
    String internal = ascii
        ? new String(b, start, length, StandardCharsets.ISO_8859_1)
        : modifiedUtf8(b, start, length);
    return internal.replace('/', '.');
  }

  /** Class names outside ASCII: decoded as the JVM's modified UTF-8. */
  private static String modifiedUtf8(byte[] b, int start, int length) {
    char[] chars = new char[length];
    int n = 0;
    int i = start;
    int end = start + length;
    while (i < end) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        chars[n++] = (char) c;
        i++;
      } else if ((c & 0xE0) == 0xC0) {
        chars[n++] = (char) (((c & 0x1F) << 6) | (b[i + 1] & 0x3F));
        i += 2;
      } else {
        chars[n++] = (char) (((c & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F));
        i += 3;
      }
    }
    return new String(chars, 0, n);
  }

  private static int u2(byte[] b, int pos) {
    return ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
  }

  private static int u4(byte[] b, int pos) {
    return (u2(b, pos) << 16) | u2(b, pos + 2);
  }
}
