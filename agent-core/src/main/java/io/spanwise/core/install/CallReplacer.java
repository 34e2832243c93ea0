package io.spanwise.core.install;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * A call replacement ({@code TypeInstrumentation.replaceCalls}) as a method visitor: each call
 * instruction whose target matches becomes a call of the static replacement, which takes the call's
 * target first, then its arguments, and returns what the call returns. The target is the method the
 * instruction's owner type declares with that name and descriptor, described from the type pool; a call
 * naming a method its owner only inherits, and a call through {@code super}, are left alone. The stack
 * is the same before and after the instruction, so the method needs no new frames.
 *
 * <p>Byte Buddy's {@code MemberSubstitution} did this before: its classes, run cold for the one method
 * that uses it ({@code ThreadPoolExecutor.runWorker}), made that class the slowest of the JDK's to weave
 * at start-up (27 ms on the benchmark service, 50 on the Spring Boot shop, against 12 and 25 for
 * {@code ForkJoinPool}, twice its size).
 */
final class CallReplacer implements AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper {
  private final ElementMatcher<? super MethodDescription> calls;
  private final String owner;
  private final String name;
  private final String descriptor;
  private final boolean ownerIsInterface;
  private final Type[] parameters;
  private final Type returnType;

  /** @throws IllegalArgumentException when {@code replacement} is not a public static method */
  CallReplacer(ElementMatcher<? super MethodDescription> calls, Method replacement) {
    if (!Modifier.isStatic(replacement.getModifiers()) || !Modifier.isPublic(replacement.getModifiers())) {
      throw new IllegalArgumentException("a call replacement must be public and static: " + replacement);
    }
    this.calls = calls;
    this.owner = Type.getInternalName(replacement.getDeclaringClass());
    this.name = replacement.getName();
    this.descriptor = Type.getMethodDescriptor(replacement);
    this.ownerIsInterface = replacement.getDeclaringClass().isInterface();
    this.parameters = Type.getArgumentTypes(replacement);
    this.returnType = Type.getReturnType(replacement);
  }

  @Override
  public MethodVisitor wrap(TypeDescription instrumentedType, MethodDescription instrumentedMethod,
      MethodVisitor methodVisitor, Implementation.Context implementationContext, TypePool typePool,
      int writerFlags, int readerFlags) {
    return new MethodVisitor(OpenedClassReader.ASM_API, methodVisitor) {
      @Override
      public void visitMethodInsn(int opcode, String callOwner, String callName, String callDescriptor,
          boolean isInterface) {
        if (opcode != Opcodes.INVOKESPECIAL && replaces(typePool, opcode, callOwner, callName, callDescriptor)) {
          super.visitMethodInsn(Opcodes.INVOKESTATIC, owner, name, descriptor, ownerIsInterface);
        } else {
          super.visitMethodInsn(opcode, callOwner, callName, callDescriptor, isInterface);
        }
      }
    };
  }

  private boolean replaces(TypePool pool, int opcode, String callOwner, String callName, String callDescriptor) {
    if (callOwner.startsWith("[")) {
      return false; // an array's clone()
    }
    TypePool.Resolution resolution = pool.describe(callOwner.replace('/', '.'));
    if (!resolution.isResolved()) {
      return false;
    }
    TypeDescription ownerType = resolution.resolve();
    for (MethodDescription method : ownerType.getDeclaredMethods()) {
      if (method.getInternalName().equals(callName) && method.getDescriptor().equals(callDescriptor)) {
        return calls.matches(method) && fits(pool, opcode == Opcodes.INVOKESTATIC, ownerType, callDescriptor);
      }
    }
    return false;
  }

  /**
   * Whether the replacement takes what the call leaves on the stack and returns what it returns: the
   * same argument types, after the target (the call's owner or a supertype of it) for an instance call.
   */
  private boolean fits(TypePool pool, boolean staticCall, TypeDescription ownerType, String callDescriptor) {
    Type[] arguments = Type.getArgumentTypes(callDescriptor);
    int first = staticCall ? 0 : 1;
    if (!Type.getReturnType(callDescriptor).equals(returnType) || parameters.length != arguments.length + first) {
      return false;
    }
    for (int i = 0; i < arguments.length; i++) {
      if (!arguments[i].equals(parameters[i + first])) {
        return false;
      }
    }
    if (staticCall) {
      return true;
    }
    TypePool.Resolution target = pool.describe(parameters[0].getClassName());
    return target.isResolved() && ownerType.isAssignableTo(target.resolve());
  }
}
