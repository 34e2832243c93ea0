package io.spanwise.instrumentation.spi;

import static io.spanwise.instrumentation.spi.MethodMatchers.takesArgumentNamed;
import static io.spanwise.instrumentation.spi.MethodMatchers.takesOnlyArgumentNamed;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;
import net.bytebuddy.description.method.MethodDescription;
import org.junit.jupiter.api.Test;

class MethodMatchersTest {
  @SuppressWarnings("unused")
  static final class Statement {
    void execute(String sql) {}
    void execute(String sql, int keys) {}
    void execute(StringBuilder sql) {}
    void tryFire(int mode) {}
    void tryFire(long mode) {}
    void submit(Callable<?> task) {}
    void none() {}
  }

  @Test
  void aParameterIsMatchedByItsTypesName() throws Exception {
    assertThat(takesArgumentNamed(0, "java.lang.String").matches(method("execute", String.class))).isTrue();
    assertThat(takesArgumentNamed(0, "java.lang.String").matches(method("execute", String.class, int.class)))
        .isTrue();
    assertThat(takesArgumentNamed(0, "java.lang.String").matches(method("execute", StringBuilder.class)))
        .isFalse();
    assertThat(takesArgumentNamed(0, "java.lang.String").matches(method("none"))).isFalse();
    // a generic parameter by its erasure, as takesArgument(0, Callable.class) matched it
    assertThat(takesArgumentNamed(0, "java.util.concurrent.Callable").matches(method("submit", Callable.class)))
        .isTrue();
  }

  @Test
  void onlyArgumentMeansExactlyOneParameterOfThatType() throws Exception {
    assertThat(takesOnlyArgumentNamed("java.lang.String").matches(method("execute", String.class))).isTrue();
    assertThat(takesOnlyArgumentNamed("java.lang.String").matches(method("execute", String.class, int.class)))
        .isFalse();
    assertThat(takesOnlyArgumentNamed("int").matches(method("tryFire", int.class))).isTrue();
    assertThat(takesOnlyArgumentNamed("int").matches(method("tryFire", long.class))).isFalse();
  }

  private static MethodDescription method(String name, Class<?>... parameters) throws NoSuchMethodException {
    return new MethodDescription.ForLoadedMethod(Statement.class.getDeclaredMethod(name, parameters));
  }
}
