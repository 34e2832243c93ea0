package io.spanwise.smoke.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What Linux's /proc says about a child process. */
public final class Proc {
  private Proc() {}

  /** Whether /proc can answer (Linux). */
  public static boolean available() {
    return Files.isReadable(Paths.get("/proc/self/status"));
  }

  /** Peak resident set size (VmHWM) in KiB. */
  public static long peakRssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      throw new IllegalStateException("no VmHWM in /proc/" + pid + "/status");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Resets the peak resident set size to the current one (writes 5 to {@code /proc/<pid>/clear_refs}), so
   * that the next {@link #peakRssKib} is the peak since now. Returns false where the kernel does not allow it.
   */
  public static boolean resetPeakRss(long pid) {
    try {
      Files.writeString(Paths.get("/proc/" + pid + "/clear_refs"), "5");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The TCP ports the process listens on: the socket inodes among its open file descriptors, matched
   * against the LISTEN rows (state 0A) of {@code /proc/<pid>/net/tcp} and {@code tcp6}.
   */
  public static Set<Integer> listeningPorts(long pid) {
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Paths.get("/proc/" + pid + "/fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring("socket:[".length(), target.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // the descriptor was closed while listing
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<Integer> ports = new TreeSet<>();
    for (String table : List.of("tcp", "tcp6")) {
      Path file = Paths.get("/proc/" + pid + "/net/" + table);
      if (!Files.isReadable(file)) {
        continue;
      }
      try {
        List<String> rows = Files.readAllLines(file);
        for (String row : rows.subList(1, rows.size())) {
          // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
          String[] f = row.trim().split("\\s+");
          if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
            String local = f[1];
            ports.add(Integer.parseInt(local.substring(local.indexOf(':') + 1), 16));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return ports;
  }
}
