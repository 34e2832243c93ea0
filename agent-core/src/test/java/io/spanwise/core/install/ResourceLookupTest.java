package io.spanwise.core.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.instrumentation.spi.ResourceLookup;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ResourceLookup} answers what {@code getResource} answers, for the loader shapes class files are
 * looked up in (these tests run with {@code java.lang} open, as the agent opens it, so the shortcut is
 * taken).
 */
class ResourceLookupTest {
  private static final String OWN_CLASS = ResourceLookupTest.class.getName().replace('.', '/') + ".class";
  private static final ClassLoader SYSTEM = ClassLoader.getSystemClassLoader();

  @TempDir
  Path dir;

  @Test
  void theJdksClassFilesAreFoundAsTheJdksLoadersFindThem() {
    assertThat(ResourceLookup.find(null, "java/lang/String.class"))
        .isEqualTo(ClassLoader.getPlatformClassLoader().getResource("java/lang/String.class"))
        .isNotNull();
    assertThat(ResourceLookup.find(SYSTEM, "java/sql/Statement.class"))
        .isEqualTo(SYSTEM.getResource("java/sql/Statement.class"))
        .isNotNull();
    assertThat(ResourceLookup.find(null, OWN_CLASS)).as("not a JDK loader's class").isNull();
  }

  @Test
  void theClassPathsClassFilesAreFoundAndMissingOnesAreNot() {
    assertThat(ResourceLookup.find(SYSTEM, OWN_CLASS)).isEqualTo(SYSTEM.getResource(OWN_CLASS)).isNotNull();
    assertThat(ResourceLookup.find(SYSTEM, "org/example/Missing.class")).isNull();
    assertThat(ResourceLookup.find(SYSTEM, "NoPackage.class")).isNull();
  }

  @Test
  void aChildLoaderFindsItsOwnClassesAndItsParentsFirst() throws IOException {
    write("org/example/OnlyInChild.class");
    write(OWN_CLASS); // a copy of a class its parent has: the parent's comes first
    try (URLClassLoader child = new URLClassLoader(new URL[] {dir.toUri().toURL()}, SYSTEM)) {
      assertThat(ResourceLookup.find(child, "org/example/OnlyInChild.class"))
          .isEqualTo(child.getResource("org/example/OnlyInChild.class"))
          .isEqualTo(dir.resolve("org/example/OnlyInChild.class").toUri().toURL());
      assertThat(ResourceLookup.find(child, OWN_CLASS)).isEqualTo(SYSTEM.getResource(OWN_CLASS));
      assertThat(ResourceLookup.find(child, "org/example/Missing.class")).isNull();
    }
  }

  @Test
  void aLoaderWithItsOwnDelegationIsAskedItself() throws IOException {
    write(OWN_CLASS);
    URL childCopy = dir.resolve(OWN_CLASS).toUri().toURL();
    List<String> asked = new ArrayList<>();
    try (URLClassLoader childFirst = new URLClassLoader(new URL[] {dir.toUri().toURL()}, SYSTEM) {
      @Override
      public URL getResource(String name) {
        asked.add(name);
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
      }
    }) {
      assertThat(ResourceLookup.find(childFirst, OWN_CLASS)).isEqualTo(childCopy);
      assertThat(asked).containsExactly(OWN_CLASS);
    }
  }

  @Test
  void aLoaderBelowOneWithItsOwnDelegationGoesThroughIt() throws IOException {
    write("org/example/OnlyInChild.class");
    URL fromAbove = new URL("file:/from-above.class");
    ClassLoader answersEverything = new ClassLoader(SYSTEM) {
      @Override
      public URL getResource(String name) {
        return fromAbove;
      }
    };
    try (URLClassLoader child = new URLClassLoader(new URL[] {dir.toUri().toURL()}, answersEverything)) {
      assertThat(ResourceLookup.find(child, "org/example/OnlyInChild.class"))
          .isEqualTo(child.getResource("org/example/OnlyInChild.class"))
          .isEqualTo(fromAbove);
    }
  }

  private void write(String resource) throws IOException {
    Path file = dir.resolve(resource);
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[] {(byte) 0xCA, (byte) 0xFE});
  }
}
