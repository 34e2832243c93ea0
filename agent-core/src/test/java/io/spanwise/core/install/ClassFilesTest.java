package io.spanwise.core.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ClassFiles#read} answers what the loader's own resource look-up answers, and once a package's
 * class file was found in one jar, reads that package's next class files from that jar without the
 * loader's search over its whole class path ({@link PackageLocations}).
 */
class ClassFilesTest {
  @TempDir
  Path dir;

  @Test
  void aPackagesNextClassFileIsReadFromTheJarItsFirstCameFrom() throws IOException {
    Path first = jar("first.jar", "shop/Cart.class", "shop/Order.class");
    Path second = jar("second.jar", "shop/Invoice.class", "billing/Tax.class");
    try (CountingLoader loader = new CountingLoader(first, second)) {
      assertThat(text(ClassFiles.read(loader, "shop/Cart.class"))).isEqualTo("first.jar shop/Cart.class");
      assertThat(loader.searches).containsExactly("shop/Cart.class");

      assertThat(text(ClassFiles.read(loader, "shop/Order.class"))).isEqualTo("first.jar shop/Order.class");
      assertThat(loader.searches).as("read from first.jar at once").containsExactly("shop/Cart.class");

      // a package split over two jars: not in the jar known for it, so the loader searches
      assertThat(text(ClassFiles.read(loader, "shop/Invoice.class"))).isEqualTo("second.jar shop/Invoice.class");
      assertThat(text(ClassFiles.read(loader, "shop/Cart.class"))).isEqualTo("first.jar shop/Cart.class");
      assertThat(loader.searches).containsExactly("shop/Cart.class", "shop/Invoice.class", "shop/Cart.class");

      assertThat(ClassFiles.read(loader, "shop/Missing.class")).isNull();
      assertThat(text(ClassFiles.read(loader, "billing/Tax.class"))).isEqualTo("second.jar billing/Tax.class");
    }
  }

  @Test
  void aPackageNotSeenYetIsLookedForWhereItsEnclosingPackageWasFound() throws IOException {
    Path first = jar("first.jar", "org/shop/Cart.class", "org/shop/cart/Line.class", "org/shop/cart/rules/Rule.class");
    Path second = jar("second.jar", "org/shop/billing/Tax.class", "org/other/Thing.class");
    try (CountingLoader loader = new CountingLoader(second, first)) {
      assertThat(text(ClassFiles.read(loader, "org/shop/Cart.class"))).isEqualTo("first.jar org/shop/Cart.class");
      assertThat(text(ClassFiles.read(loader, "org/shop/cart/rules/Rule.class")))
          .isEqualTo("first.jar org/shop/cart/rules/Rule.class");
      assertThat(text(ClassFiles.read(loader, "org/shop/cart/Line.class"))).isEqualTo("first.jar org/shop/cart/Line.class");
      assertThat(loader.searches).as("found where org/shop was").containsExactly("org/shop/Cart.class");

      assertThat(text(ClassFiles.read(loader, "org/shop/billing/Tax.class"))).isEqualTo("second.jar org/shop/billing/Tax.class");
      assertThat(text(ClassFiles.read(loader, "org/other/Thing.class"))).isEqualTo("second.jar org/other/Thing.class");
      assertThat(loader.searches).as("not where org/shop was, and org alone is not a library's")
          .containsExactly("org/shop/Cart.class", "org/shop/billing/Tax.class", "org/other/Thing.class");
    }
  }

  @Test
  void theNextClassFileIsOpenedThroughTheHandlerOfTheUrlTheLoaderFound() throws IOException {
    Path classes = Files.createDirectories(dir.resolve("classes/shop"));
    Files.write(classes.resolve("Cart.class"), "cart".getBytes(StandardCharsets.UTF_8));
    Files.write(classes.resolve("Order.class"), "order".getBytes(StandardCharsets.UTF_8));
    // a scheme only this URL's handler knows: from its text alone no URL can be made (and where a handler
    // is registered for a scheme, it need not be the one the loader's URLs have)
    List<String> opened = new ArrayList<>();
    URLStreamHandler handler = new URLStreamHandler() {
      @Override
      protected URLConnection openConnection(URL url) {
        opened.add(url.getPath());
        return new URLConnection(url) {
          @Override
          public void connect() {}

          @Override
          public InputStream getInputStream() throws IOException {
            return Files.newInputStream(dir.resolve("classes").resolve(url.getPath().substring(1)));
          }
        };
      }
    };
    URL root = new URL(null, "ownscheme:/", handler);
    try (CountingLoader loader = new CountingLoader(root)) {
      assertThat(text(ClassFiles.read(loader, "shop/Cart.class"))).isEqualTo("cart");
      assertThat(text(ClassFiles.read(loader, "shop/Order.class"))).isEqualTo("order");
      assertThat(loader.searches).containsExactly("shop/Cart.class");
      assertThat(opened).endsWith("/shop/Order.class");
      assertThat(ClassFiles.read(loader, "shop/Missing.class")).isNull();
      assertThat(loader.searches).containsExactly("shop/Cart.class", "shop/Missing.class");
    }
  }

  private Path jar(String name, String... entries) throws IOException {
    Path jar = dir.resolve(name);
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
      for (String entry : entries) {
        out.putNextEntry(new JarEntry(entry));
        out.write((name + " " + entry).getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return jar;
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  /** A class-path loader that records each resource it searches its class path for. */
  private static final class CountingLoader extends URLClassLoader {
    final List<String> searches = new ArrayList<>();

    CountingLoader(Path... jars) throws IOException {
      this(urls(jars));
    }

    CountingLoader(URL... urls) {
      super(urls, null);
    }

    private static URL[] urls(Path... jars) throws IOException {
      URL[] urls = new URL[jars.length];
      for (int i = 0; i < jars.length; i++) {
        urls[i] = jars[i].toUri().toURL();
      }
      return urls;
    }

    @Override
    public URL findResource(String name) {
      searches.add(name);
      return super.findResource(name);
    }
  }
}
