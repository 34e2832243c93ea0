package io.spanwise.instrumentation.spi;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Method matchers that name the parameter types they look for, for the modules' type instrumentations.
 *
 * <p>Byte Buddy's matchers that take a {@code Class} ({@code takesArgument(0, String.class)}) describe it
 * with {@code TypeDescription.ForLoadedType}, whose class initializer makes a dozen {@code JavaDispatcher}
 * proxies: about 50 ms of a cold start. The modules' instrumentations are built while the start-up gate
 * is registered, and the application's {@code main} waits in {@code premain} for that; matching by name
 * leaves the initializer to the weaving, which runs while the application starts.
 */
public final class MethodMatchers {
  private MethodMatchers() {}

  /** The parameter at {@code index} is of the type named (a primitive by its keyword: {@code "int"}). */
  public static ElementMatcher.Junction<MethodDescription> takesArgumentNamed(int index, String typeName) {
    return ElementMatchers.takesArgument(index, named(typeName));
  }

  /** The method takes exactly one parameter, of the type named. */
  public static ElementMatcher.Junction<MethodDescription> takesOnlyArgumentNamed(String typeName) {
    return takesArguments(1).and(takesArgumentNamed(0, typeName));
  }
}
