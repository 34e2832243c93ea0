package io.spanwise.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentClassLoaderTest {
  @TempDir
  Path dir;

  /** A class for the agent jar; its bytes are copied under inst/ as .classdata. */
  public static final class Hidden {
    @Override
    public String toString() {
      return "hidden";
    }
  }

  private Path agentJar() throws IOException {
    Path jar = dir.resolve("agent.jar");
    String name = Hidden.class.getName().replace('.', '/');
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        InputStream classBytes = Hidden.class.getResourceAsStream("/" + name + ".class")) {
      out.putNextEntry(new JarEntry("inst/" + name + ".classdata"));
      out.write(classBytes.readAllBytes());
      out.putNextEntry(new JarEntry("inst/META-INF/services/example.Service"));
      out.write("example.Impl\n".getBytes());
    }
    return jar;
  }

  @Test
  void loadsClassesFromTheHiddenTree() throws Exception {
    Path jar = agentJar();
    AgentClassLoader loader = new AgentClassLoader(new JarFile(jar.toFile()), jar.toUri().toURL());
    Class<?> hidden = loader.loadClass(Hidden.class.getName());
    assertThat(hidden.getClassLoader()).isSameAs(loader);
    assertThat(hidden).isNotSameAs(Hidden.class);
    assertThat(hidden.getDeclaredConstructor().newInstance()).hasToString("hidden");
  }

  @Test
  void servesClassFilesAndOtherResourcesUnderTheirUsualNames() throws Exception {
    Path jar = agentJar();
    AgentClassLoader loader = new AgentClassLoader(new JarFile(jar.toFile()), jar.toUri().toURL());
    String classFile = Hidden.class.getName().replace('.', '/') + ".class";
    try (InputStream in = loader.getResourceAsStream(classFile)) {
      assertThat(in).isNotNull();
      assertThat(in.readNBytes(4)).containsExactly(0xCA, 0xFE, 0xBA, 0xBE);
    }
    assertThat(loader.getResources("META-INF/services/example.Service").hasMoreElements()).isTrue();
    assertThat(loader.getResource("no/such/Thing.class")).isNull();
  }

  @Test
  void anOrdinaryClassLoaderOnTheSameJarSeesNothingOfTheTree() throws Exception {
    Path jar = agentJar();
    try (URLClassLoader app = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertThatThrownBy(() -> app.loadClass(Hidden.class.getName())).isInstanceOf(ClassNotFoundException.class);
      assertThat(app.getResource("META-INF/services/example.Service")).isNull();
    }
  }
}
