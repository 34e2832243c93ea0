import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Build tool (run as a source file by agent-dist's pom): writes the classes of the given JDK modules,
 * read from the running JDK's {@code jrt:/} file system, into one jar that ProGuard reads as its library.
 * Works on every JDK 11+, including those shipped without {@code jmods/} (Temurin 24+).
 *
 * <pre>java JdkClasses.java out.jar java.base,java.logging,...</pre>
 */
public final class JdkClasses {
  public static void main(String[] args) throws IOException {
    Path out = Paths.get(args[0]);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Path partial = out.resolveSibling(out.getFileName() + ".partial");
    FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
    int count = 0;
    try (OutputStream file = Files.newOutputStream(partial);
        ZipOutputStream zip = new ZipOutputStream(file)) {
      zip.setLevel(Deflater.BEST_SPEED);
      for (String module : args[1].split(",")) {
        Path root = jrt.getPath("/modules", module.trim());
        List<Path> classes;
        try (Stream<Path> walk = Files.walk(root)) {
          classes = walk.filter(p -> p.toString().endsWith(".class"))
              .filter(p -> !p.getFileName().toString().equals("module-info.class"))
              .sorted()
              .collect(Collectors.toList());
        }
        for (Path c : classes) {
          zip.putNextEntry(new ZipEntry(root.relativize(c).toString()));
          zip.write(Files.readAllBytes(c));
          zip.closeEntry();
          count++;
        }
      }
    }
    Files.move(partial, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    System.out.println("JdkClasses: " + count + " classes of " + args[1] + " -> " + out);
  }
}
