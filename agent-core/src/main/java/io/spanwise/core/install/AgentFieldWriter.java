package io.spanwise.core.install;

import io.spanwise.bootstrap.api.AgentField;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.util.Arrays;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Adds {@link AgentField} to a class as it first loads: the interface, a private field and its two
 * accessors, all synthetic (frameworks that reflect over the application's fields and methods skip
 * synthetic members). The accessors are straight-line code, so the class needs no new stack map frames.
 */
final class AgentFieldWriter extends AsmVisitorWrapper.AbstractBase {
  static final AgentFieldWriter INSTANCE = new AgentFieldWriter();

  private static final String INTERFACE = AgentField.class.getName().replace('.', '/');
  private static final String NAME = "spanwise$value";
  private static final String OBJECT = "Ljava/lang/Object;";

  private AgentFieldWriter() {}

  /**
   * Whether {@code type}, loading for the first time into {@code module} (null before Java 9) by
   * {@code loader}, can be given the field: not an interface, not {@code Serializable} (the interface
   * would change its default serial version, and with it what it can deserialize), not already given it,
   * in a module that reads the bootstrap API (every unnamed module does), and by a loader that finds the
   * interface (an OSGi bundle's loader, say, may not delegate {@code io.spanwise} to the bootstrap loader:
   * the class would then fail to load). A type whose hierarchy cannot be resolved is left alone.
   */
  static boolean canAdd(TypeDescription type, Module module, ClassLoader loader) {
    if (module != null && module.isNamed() && !module.canRead(AgentField.class.getModule())) {
      return false;
    }
    if (!sees(loader)) {
      return false;
    }
    try {
      return !type.isInterface()
          && !type.isAssignableTo(Serializable.class)
          && !type.isAssignableTo(AgentField.class)
          && type.getDeclaredFields().filter(field -> field.getName().equals(NAME)).isEmpty();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static boolean sees(ClassLoader loader) {
    if (loader == null) {
      return true;
    }
    try {
      return Class.forName(AgentField.class.getName(), false, loader) == AgentField.class;
    } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
      return false;
    }
  }

  /**
   * Whether {@code loaded}, being retransformed, was given the field as it loaded: then it must be given
   * it again, since a retransformation starts from the class file as loaded and may not change the
   * class's fields, methods or interfaces (the JVM refuses the new class file otherwise).
   */
  static boolean wasAdded(Class<?> loaded) {
    if (!AgentField.class.isAssignableFrom(loaded)) {
      return false;
    }
    try {
      for (Field field : loaded.getDeclaredFields()) {
        if (field.getName().equals(NAME) && field.isSynthetic()) {
          return true;
        }
      }
    } catch (RuntimeException | LinkageError e) {
      // not readable: then it is not given the field, and the JVM tells the retransformation's caller
    }
    return false;
  }

  @Override
  public ClassVisitor wrap(TypeDescription instrumentedType, ClassVisitor classVisitor,
      Implementation.Context implementationContext, TypePool typePool,
      FieldList<FieldDescription.InDefinedShape> fields, MethodList<?> methods, int writerFlags,
      int readerFlags) {
    return new ClassVisitor(OpenedClassReader.ASM_API, classVisitor) {
      private String owner;

      @Override
      public void visit(int version, int access, String name, String signature, String superName,
          String[] interfaces) {
        owner = name;
        String[] with = interfaces == null ? new String[1] : Arrays.copyOf(interfaces, interfaces.length + 1);
        with[with.length - 1] = INTERFACE;
        super.visit(version, access, name, signature, superName, with);
      }

      @Override
      public void visitEnd() {
        super.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_TRANSIENT | Opcodes.ACC_VOLATILE
            | Opcodes.ACC_SYNTHETIC, NAME, OBJECT, null, null).visitEnd();

        MethodVisitor get = super.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, NAME,
            "()" + OBJECT, null, null);
        get.visitCode();
        get.visitVarInsn(Opcodes.ALOAD, 0);
        get.visitFieldInsn(Opcodes.GETFIELD, owner, NAME, OBJECT);
        get.visitInsn(Opcodes.ARETURN);
        get.visitMaxs(1, 1);
        get.visitEnd();

        MethodVisitor set = super.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, NAME,
            "(" + OBJECT + ")V", null, null);
        set.visitCode();
        set.visitVarInsn(Opcodes.ALOAD, 0);
        set.visitVarInsn(Opcodes.ALOAD, 1);
        set.visitFieldInsn(Opcodes.PUTFIELD, owner, NAME, OBJECT);
        set.visitInsn(Opcodes.RETURN);
        set.visitMaxs(2, 2);
        set.visitEnd();
        super.visitEnd();
      }
    };
  }
}
