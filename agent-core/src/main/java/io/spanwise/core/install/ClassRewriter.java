package io.spanwise.core.install;

import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.isVirtual;
import static net.bytebuddy.matcher.ElementMatchers.not;

import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.TypeInitializer;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.auxiliary.AuxiliaryType;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Runs the weaving's class visitors (Byte Buddy's {@code Advice}, the call replacements, the agent's
 * field) over a class file with ASM's reader and writer alone: what Byte Buddy's
 * {@code decorate(...).visit(...).make()} does for a class whose format does not change, without its
 * type-writer pipeline (the dynamic type builder, the method registry, the type writer and the classes
 * each of them loads and runs, cold, on the first classes an application loads). A method the visitors
 * leave alone is copied as bytes.
 *
 * <p>Measured on one cold JVM weaving {@code Thread.start}, then {@code ThreadPoolExecutor.execute} and
 * {@code ForkJoinPool.execute} with one advice each: this rewrite 16 to 20 ms, then 1.3 and 3.4 ms;
 * {@code decorate().make()} 35 to 48 ms (and 10 ms making the {@code ByteBuddy} instance), then 5 to 7
 * and 7 to 11 ms; the same bytes either way.
 */
final class ClassRewriter {
  private static final AuxiliaryType.NamingStrategy NO_AUXILIARY_TYPES =
      new AuxiliaryType.NamingStrategy.Suffixing("spanwise");

  private ClassRewriter() {}

  /**
   * The class file with the wrapper's visitors applied.
   *
   * @param type the class as the pool describes it (from these bytes)
   * @param pool resolves the types the visitors ask about, and the common superclass if a visitor has
   *     frames computed
   */
  static byte[] rewrite(byte[] bytes, TypeDescription type, TypePool pool, AsmVisitorWrapper wrapper) {
    int writerFlags = wrapper.mergeWriter(0);
    int readerFlags = wrapper.mergeReader(0);
    ClassReader reader = OpenedClassReader.of(bytes);
    ClassWriter writer = new PoolClassWriter(reader, writerFlags, pool);
    ClassFileVersion version = ClassFileVersion.ofMinorMajor(reader.readInt(4));
    // Disabled: advice never adds members (an attempt fails the weaving, which leaves the class as it
    // was), so the context holds nothing to write at the end.
    Implementation.Context context = Implementation.Context.Disabled.Factory.INSTANCE.make(type,
        NO_AUXILIARY_TYPES, TypeInitializer.None.INSTANCE, version, version, frameGeneration(version,
            writerFlags, readerFlags));
    ClassVisitor visitor = wrapper.wrap(type, writer, context, pool, type.getDeclaredFields(),
        wovenMethods(type), writerFlags, readerFlags);
    reader.accept(visitor, readerFlags);
    return writer.toByteArray();
  }

  /**
   * The methods Byte Buddy's decoration offers its method visitors (the wrapper adds the type
   * initializer): those the class declares, but not its bridge and synthetic virtual methods.
   */
  private static MethodList<MethodDescription.InDefinedShape> wovenMethods(TypeDescription type) {
    return type.getDeclaredMethods().filter(not(isVirtual().and(isBridge().or(isSynthetic()))));
  }

  /** As Byte Buddy's type writer decides it. */
  private static Implementation.Context.FrameGeneration frameGeneration(ClassFileVersion version,
      int writerFlags, int readerFlags) {
    if ((writerFlags & ClassWriter.COMPUTE_FRAMES) != 0 || !version.isAtLeast(ClassFileVersion.JAVA_V6)) {
      return Implementation.Context.FrameGeneration.DISABLED;
    }
    return (readerFlags & ClassReader.EXPAND_FRAMES) == 0
        ? Implementation.Context.FrameGeneration.GENERATE
        : Implementation.Context.FrameGeneration.EXPAND;
  }

  /**
   * A writer that answers ASM's common-superclass question from the type pool, never by loading a class
   * (which, inside the transformer, would define it unwoven). Only asked if a visitor has frames
   * computed; none of the agent's do.
   */
  private static final class PoolClassWriter extends ClassWriter {
    private final TypePool pool;

    PoolClassWriter(ClassReader reader, int flags, TypePool pool) {
      super(reader, flags);
      this.pool = pool;
    }

    @Override
    protected String getCommonSuperClass(String first, String second) {
      TypeDescription a = pool.describe(first.replace('/', '.')).resolve();
      TypeDescription b = pool.describe(second.replace('/', '.')).resolve();
      if (a.isAssignableFrom(b)) {
        return first;
      }
      if (b.isAssignableFrom(a)) {
        return second;
      }
      if (a.isInterface() || b.isInterface()) {
        return "java/lang/Object";
      }
      do {
        a = a.getSuperClass().asErasure();
      } while (!a.isAssignableFrom(b));
      return a.getInternalName();
    }
  }
}
