package io.spanwise.core.install;

import static io.spanwise.core.install.ClassHeaderTest.bytesOf;
import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.instrumentation.spi.TypeInstrumentation;
import java.io.IOException;
import java.sql.Statement;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import org.junit.jupiter.api.Test;

class TypePrefilterTest {
  private static final ClassLoader LOADER = TypePrefilterTest.class.getClassLoader();

  /** Implements Statement through an abstract superclass: two levels up. */
  abstract static class BaseStatement implements Statement {}

  abstract static class DriverStatement extends BaseStatement {}

  interface StatementExtension extends Statement {}

  abstract static class Unrelated implements Runnable {}

  private final TypePrefilter statements = new TypePrefilter(List.of(
      TypeInstrumentation.subTypesOf(any(), "java.sql.Statement")));

  @Test
  void passesClassesThatReachTheNamedTypesThroughTheirSupertypes() throws IOException {
    assertThat(statements.isCandidate(LOADER, null, bytesOf(DriverStatement.class))).isTrue();
    assertThat(statements.isCandidate(LOADER, null, bytesOf(BaseStatement.class))).isTrue();
  }

  @Test
  void rejectsOtherClassesAndInterfaces() throws IOException {
    assertThat(statements.isCandidate(LOADER, null, bytesOf(Unrelated.class))).isFalse();
    assertThat(statements.isCandidate(LOADER, null, bytesOf(String.class))).isFalse();
    assertThat(statements.isCandidate(LOADER, null, bytesOf(StatementExtension.class))).isFalse();
  }

  @Test
  void aClassBeingRetransformedIsLookedAtThroughItsClass() {
    assertThat(statements.isCandidate(LOADER, DriverStatement.class, null)).isTrue();
    assertThat(statements.isCandidate(LOADER, Unrelated.class, null)).isFalse();
  }

  @Test
  void aLoaderTheInstrumentationDoesNotLookAtRejects() throws IOException {
    ElementMatcher<ClassLoader> never = loader -> false;
    TypePrefilter elsewhere = new TypePrefilter(List.of(TypeInstrumentation.subTypesOf(never, "java.sql.Statement")));
    assertThat(elsewhere.isCandidate(LOADER, null, bytesOf(DriverStatement.class))).isFalse();
  }

  @Test
  void anOpaqueTypeMatcherPassesEverythingAndBrokenBytesPass() throws IOException {
    TypePrefilter opaque = new TypePrefilter(List.of(TypeInstrumentation.of(named("x.Y"))));
    assertThat(opaque.isCandidate(LOADER, null, bytesOf(Unrelated.class))).isTrue();
    assertThat(statements.isCandidate(LOADER, null, new byte[] {1, 2, 3})).isTrue();
  }

  /** A supertype that cannot be loaded: the class could not be defined either, nothing to instrument. */
  @Test
  void aMissingSupertypeRejects() throws IOException {
    byte[] bytes = bytesOf(DriverStatement.class);
    ClassLoader isolated = new ClassLoader(null) {};
    assertThat(statements.isCandidate(isolated, null, bytes)).isFalse();
  }

  /** Byte Buddy's matcher for the same instrumentation answers as {@code hasSuperType} would. */
  @Test
  void theSubTypeMatcherMatchesWhatHasSuperTypeWould() {
    AgentBuilder.RawMatcher matcher = TypePrefilter.subTypeMatcher(
        TypeInstrumentation.subTypesOf(any(), "java.sql.Statement").excluding(named(BaseStatement.class.getName())));
    assertThat(matches(matcher, DriverStatement.class, null)).isTrue();
    assertThat(matches(matcher, DriverStatement.class, DriverStatement.class)).isTrue();
    assertThat(matches(matcher, BaseStatement.class, null)).as("excluded").isFalse();
    assertThat(matches(matcher, StatementExtension.class, null)).as("an interface").isFalse();
    assertThat(matches(matcher, Unrelated.class, null)).isFalse();
    assertThat(matches(matcher, Unrelated.class, Unrelated.class)).isFalse();
  }

  private static boolean matches(AgentBuilder.RawMatcher matcher, Class<?> type, Class<?> beingRedefined) {
    return matcher.matches(TypeDescription.ForLoadedType.of(type), LOADER, null, beingRedefined, null);
  }
}
