package io.spanwise.instrumentation.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.bootstrap.api.AgentField;
import org.junit.jupiter.api.Test;

/** Values kept in the object's agent field when it has one, in the weak map when it does not. */
class AgentFieldMapTest {
  /** What the agent writes into a class: one field, its two accessors. */
  static final class WithField implements AgentField {
    private Object value;

    @Override
    public Object spanwise$value() {
      return value;
    }

    @Override
    public void spanwise$value(Object value) {
      this.value = value;
    }
  }

  @Test
  void anObjectWithTheFieldKeepsItsValueThere() {
    AgentFieldMap<String> sql = new AgentFieldMap<>(String.class);
    WithField statement = new WithField();
    sql.put(statement, "SELECT 1");
    assertThat(sql.get(statement)).isEqualTo("SELECT 1");
    assertThat(statement.spanwise$value()).isEqualTo("SELECT 1");
    assertThat(sql.fallbackSize()).isZero();
    assertThat(sql.remove(statement)).isEqualTo("SELECT 1");
    assertThat(sql.get(statement)).isNull();
    assertThat(statement.spanwise$value()).isNull();
    assertThat(sql.remove(statement)).isNull();
  }

  @Test
  void anObjectWithoutItGoesToTheWeakMap() {
    AgentFieldMap<String> sql = new AgentFieldMap<>(String.class);
    Object statement = new Object();
    assertThat(sql.get(statement)).isNull();
    sql.put(statement, "SELECT 1");
    assertThat(sql.get(statement)).isEqualTo("SELECT 1");
    assertThat(sql.fallbackSize()).isEqualTo(1);
    assertThat(sql.remove(statement)).isEqualTo("SELECT 1");
    assertThat(sql.get(statement)).isNull();
    assertThat(sql.fallbackSize()).isZero();
  }

  @Test
  void twoMapsMeetingOnOneObjectKeepBothValues() {
    AgentFieldMap<String> sql = new AgentFieldMap<>(String.class);
    AgentFieldMap<Integer> other = new AgentFieldMap<>(Integer.class);
    WithField both = new WithField();
    sql.put(both, "SELECT 1");
    other.put(both, 42);
    assertThat(sql.get(both)).isEqualTo("SELECT 1");
    assertThat(other.get(both)).isEqualTo(42);
    assertThat(other.fallbackSize()).isEqualTo(1);
    other.remove(both);
    assertThat(other.get(both)).isNull();
    assertThat(sql.get(both)).as("removing one map's value leaves the other's").isEqualTo("SELECT 1");
  }
}
