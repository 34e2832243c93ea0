package io.spanwise.core.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.sql.Connection;
import java.util.AbstractList;
import java.util.RandomAccess;
import org.junit.jupiter.api.Test;

class ClassHeaderTest {
  /** Constants of every width before the header: longs and doubles take two pool entries. */
  @SuppressWarnings("unused")
  abstract static class Sample extends AbstractList<String> implements RandomAccess, Serializable {
    static final long BIG = 1L << 40;
    static final double PI = 3.14159;
    static final String TEXT = "na\u00efve \u4e2d";
    final Runnable lambda = () -> System.out.println(BIG + PI + TEXT);
  }

  @Test
  void readsNameSuperclassAndInterfaces() throws IOException {
    ClassHeader header = ClassHeader.parse(bytesOf(Sample.class));
    assertThat(header.name).isEqualTo(Sample.class.getName());
    assertThat(header.superName).isEqualTo(AbstractList.class.getName());
    assertThat(header.interfaces).containsExactly(RandomAccess.class.getName(), Serializable.class.getName());
    assertThat(header.isInterface()).isFalse();
  }

  @Test
  void readsInterfacesAndObject() throws IOException {
    ClassHeader connection = ClassHeader.parse(bytesOf(Connection.class));
    assertThat(connection.isInterface()).isTrue();
    assertThat(connection.superName).isEqualTo("java.lang.Object");
    assertThat(connection.interfaces).containsExactly("java.sql.Wrapper", "java.lang.AutoCloseable");
    assertThat(ClassHeader.parse(bytesOf(Object.class)).superName).isNull();
  }

  @Test
  void rejectsWhatIsNotAClassFile() {
    assertThatThrownBy(() -> ClassHeader.parse(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static byte[] bytesOf(Class<?> type) throws IOException {
    String resource = "/" + type.getName().replace('.', '/') + ".class";
    try (InputStream in = type.getResourceAsStream(resource)) {
      return in.readAllBytes();
    }
  }
}
