package io.spanwise.core.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.bootstrap.api.AgentField;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.loading.ByteArrayClassLoader;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/** The agent's field, written into a class as the transformer writes it, then loaded and used. */
class AgentFieldWriterTest {
  /** A class with state of its own and a method named like nothing of ours. */
  public static class Statement {
    private final String sql;

    public Statement(String sql) {
      this.sql = sql;
    }

    public String sql() {
      return sql;
    }
  }

  public static class SerializableStatement implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  @Test
  void theClassImplementsTheInterfaceAndKeepsOneValuePerObject() throws Exception {
    ClassFileLocator classFiles = ClassFileLocator.ForClassLoader.of(Statement.class.getClassLoader());
    TypePool pool = TypePool.Default.of(classFiles);
    byte[] bytes = ClassRewriter.rewrite(classFiles.locate(Statement.class.getName()).resolve(),
        pool.describe(Statement.class.getName()).resolve(), pool, AgentFieldWriter.INSTANCE);
    Class<?> woven = new ByteArrayClassLoader.ChildFirst(getClass().getClassLoader(),
        Map.of(Statement.class.getName(), bytes)).loadClass(Statement.class.getName());
    assertThat(woven).isNotSameAs(Statement.class);
    assertThat(AgentField.class.isAssignableFrom(woven)).isTrue();
    assertThat(AgentFieldWriter.wasAdded(woven)).as("a retransformation must add it again").isTrue();
    assertThat(AgentFieldWriter.wasAdded(Statement.class)).isFalse();

    Object first = woven.getConstructor(String.class).newInstance("SELECT 1");
    Object second = woven.getConstructor(String.class).newInstance("SELECT 2");
    ((AgentField) first).spanwise$value("prepared");
    assertThat(((AgentField) first).spanwise$value()).isEqualTo("prepared");
    assertThat(((AgentField) second).spanwise$value()).isNull();
    assertThat(woven.getMethod("sql").invoke(first)).as("the class's own code is unchanged").isEqualTo("SELECT 1");

    // frameworks that reflect over the application's members skip synthetic ones; the field is not serialized
    Field field = woven.getDeclaredField("spanwise$value");
    assertThat(field.isSynthetic()).isTrue();
    assertThat(Modifier.isPrivate(field.getModifiers())).isTrue();
    assertThat(Modifier.isTransient(field.getModifiers())).isTrue();
    for (Method method : woven.getDeclaredMethods()) {
      assertThat(method.isSynthetic()).as("%s", method).isEqualTo(method.getName().equals("spanwise$value"));
    }
  }

  @Test
  void onlyPlainClassesNotYetGivenTheFieldCanBeGivenIt() {
    assertThat(AgentFieldWriter.canAdd(TypeDescription.ForLoadedType.of(Statement.class), null, loader())).isTrue();
    assertThat(AgentFieldWriter.canAdd(TypeDescription.ForLoadedType.of(SerializableStatement.class), null, loader()))
        .as("an added interface would change its default serial version").isFalse();
    assertThat(AgentFieldWriter.canAdd(TypeDescription.ForLoadedType.of(Runnable.class), null, loader())).isFalse();
    assertThat(AgentFieldWriter.canAdd(TypeDescription.ForLoadedType.of(HasField.class), null, loader()))
        .as("given it already").isFalse();
    Module named = Object.class.getModule();
    assertThat(named.canRead(AgentField.class.getModule())).isFalse();
    assertThat(AgentFieldWriter.canAdd(TypeDescription.ForLoadedType.of(Statement.class), named, loader()))
        .as("a named module that cannot read the bootstrap API").isFalse();
    // a loader that does not delegate the agent's packages (an OSGi bundle's): the class would not load
    ClassLoader isolated = new URLClassLoader(new URL[0], null);
    assertThat(AgentFieldWriter.canAdd(TypeDescription.ForLoadedType.of(Statement.class), null, isolated))
        .as("a loader that cannot find the interface").isFalse();
  }

  abstract static class HasField implements AgentField {}

  private static ClassLoader loader() {
    return AgentFieldWriterTest.class.getClassLoader();
  }
}
