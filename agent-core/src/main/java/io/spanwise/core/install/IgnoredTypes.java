package io.spanwise.core.install;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Types never worth matching (in any class loader): the JDK's internals, the agent itself and its libraries, generated
 * classes. Rejecting them by name first is what keeps startup cheap. The JDK classes a module does instrument
 * are named by it ({@code TypeInstrumentation.ofJdkTypes}); {@code ModuleInstaller} lets exactly those through.
 */
final class IgnoredTypes {
  private IgnoredTypes() {}

  static ElementMatcher.Junction<TypeDescription> types() {
    return nameStartsWith("java.")
        .or(nameStartsWith("jdk."))
        .or(nameStartsWith("sun."))
        .or(nameStartsWith("com.sun."))
        .or(nameStartsWith("javax.management."))
        .or(nameStartsWith("javax.xml."))
        .or(nameStartsWith("org.xml."))
        .or(nameStartsWith("org.w3c."))
        .or(nameStartsWith("net.bytebuddy."))
        .or(nameStartsWith("io.spanwise.bootstrap."))
        .or(nameStartsWith("io.spanwise.core."))
        .or(nameStartsWith("io.spanwise.instrumentation."))
        .or(nameStartsWith("io.opentelemetry.javaagent."))
        .or(nameStartsWith("kotlin."))
        .or(nameStartsWith("org.junit."))
        .or(nameStartsWith("org.assertj."))
        .or(nameStartsWith("org.apache.maven."))
        .or(nameStartsWith("org.slf4j."))
        .or(nameStartsWith("ch.qos.logback."))
        .or(nameStartsWith("org.apache.logging.log4j."))
        .or(nameStartsWith("org.apache.log4j."))
        .or(nameStartsWith("com.fasterxml.jackson."))
        .or(nameStartsWith("com.google.protobuf."))
        .or(nameStartsWith("com.google.common."))
        .or(nameContains("$$Lambda"))
        .or(nameContains("$ByteBuddy$"))
        .or(nameContains("$$EnhancerBy"))
        .or(isSynthetic());
  }

  /**
   * The agent's isolated loader and the JDK's reflection loaders. In-process tests run the core from the
   * application class loader, which must of course stay instrumentable.
   */
  static ElementMatcher<ClassLoader> loaders(ClassLoader agentLoader) {
    boolean isolated = agentLoader != null
        && agentLoader.getClass().getName().equals("io.spanwise.bootstrap.AgentClassLoader");
    return loader -> (isolated && loader == agentLoader)
        || (loader != null && loader.getClass().getName().equals("jdk.internal.reflect.DelegatingClassLoader"));
  }
}
