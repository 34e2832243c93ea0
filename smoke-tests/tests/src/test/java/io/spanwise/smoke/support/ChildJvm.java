package io.spanwise.smoke.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child JVM running an application jar, normally with {@code -javaagent:<the built agent jar>}. Its
 * stdout and stderr are captured into buffers that can be read and awaited while it runs, and copied to
 * {@code target/smoke-logs/<name>-<n>.log} (both streams, tagged) next to the raw {@code .stdout} and
 * {@code .stderr}, with how long it took to listen and to exit after SIGTERM (where smoke test time
 * goes). {@link #close()} stops it: SIGTERM first (so shutdown hooks, the agent's flush among them, run),
 * then a forced kill.
 */
public final class ChildJvm implements AutoCloseable {
  /** What the demo and the test apps print once they serve. */
  public static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
  public static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final String name;
  private final List<String> command;
  private final Process process;
  private final Output stdout;
  private final Output stderr;
  private final Path logFile;
  private final Writer log;
  private final Thread stdoutPump;
  private final Thread stderrPump;
  private Integer exitCode;
  private final long startNanos = System.nanoTime();
  private volatile boolean listening;

  private ChildJvm(String name, List<String> command, Map<String, String> env) throws IOException {
    this.name = name;
    this.command = List.copyOf(command);
    Path logs = SmokeEnv.logsDir();
    Files.createDirectories(logs);
    String base = name.replaceAll("[^A-Za-z0-9._-]+", "_") + "-" + COUNTER.incrementAndGet();
    this.logFile = logs.resolve(base + ".log");
    Path stdoutFile = logs.resolve(base + ".stdout");
    Path stderrFile = logs.resolve(base + ".stderr");
    this.log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
    log.write("# command: " + String.join(" ", command) + "\n");
    log.write("# env: " + env + "\n");
    log.flush();

    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = builder.environment();
    // Nothing from the test's own environment may configure the agent or the app.
    environment.keySet().removeIf(k -> k.startsWith("OTEL_") || k.startsWith("SPANWISE_")
        || k.equals("PORT") || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS")
        || k.equals("_JAVA_OPTIONS"));
    environment.putAll(env);
    // The streams go to files that are followed while the process runs: reading the pipes directly
    // loses the last bytes when the process exits while a read is blocked ("Stream closed").
    builder.redirectOutput(stdoutFile.toFile());
    builder.redirectError(stderrFile.toFile());
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    this.process = builder.start();
    this.stdout = new Output();
    this.stderr = new Output();
    this.stdoutPump = follow(stdoutFile, stdout, "out");
    this.stderrPump = follow(stderrFile, stderr, "err");
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** How to start a child JVM. */
  public static final class Builder {
    private final String name;
    private Jdk jdk = Jdk.current();
    private boolean withAgent = true;
    private Path agentJar; // null: the built one (SmokeEnv.agentJar())
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private Path jar;
    private String mainClass;
    private List<Path> classPath;
    private final List<String> args = new ArrayList<>();
    private List<String> launcher;

    private Builder(String name) {
      this.name = name;
    }

    public Builder jdk(Jdk jdk) {
      this.jdk = jdk;
      return this;
    }

    public Builder agent(Path agentJar) {
      this.withAgent = true;
      this.agentJar = agentJar;
      return this;
    }

    /** Runs the app without {@code -javaagent}. */
    public Builder noAgent() {
      this.withAgent = false;
      return this;
    }

    public Builder sysProp(String key, String value) {
      systemProperties.put(key, value);
      return this;
    }

    public Builder env(String key, String value) {
      env.put(key, value);
      return this;
    }

    public Builder jvmArg(String arg) {
      jvmArgs.add(arg);
      return this;
    }

    public Builder jar(Path jar) {
      this.jar = jar;
      return this;
    }

    /** Runs {@code mainClass} from {@code classPath} ({@code -cp}) instead of {@code -jar}. */
    public Builder mainClass(String mainClass, List<Path> classPath) {
      this.mainClass = mainClass;
      this.classPath = List.copyOf(classPath);
      return this;
    }

    public Builder args(String... args) {
      this.args.addAll(Arrays.asList(args));
      return this;
    }

    /**
     * Runs {@code command} instead of {@code java ... -jar}: a launcher script such as Tomcat's
     * {@code catalina.sh run}, which must exec the JVM (so stopping the process stops the JVM). The JDK,
     * the agent and the settings are then the caller's to pass, through {@link #env}.
     */
    public Builder launcher(String... command) {
      this.launcher = List.of(command);
      return this;
    }

    public List<String> command() {
      if (launcher != null) {
        return launcher;
      }
      List<String> command = new ArrayList<>();
      command.add(jdk.java().toString());
      if (withAgent) {
        command.add("-javaagent:" + (agentJar != null ? agentJar : SmokeEnv.agentJar()));
      }
      command.addAll(jvmArgs);
      systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
      if (mainClass != null) {
        command.add("-cp");
        command.add(classPath.stream().map(Path::toString)
            .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
        command.add(mainClass);
      } else if (jar == null) {
        throw new IllegalStateException("no application jar given");
      } else {
        command.add("-jar");
        command.add(jar.toString());
      }
      command.addAll(args);
      return command;
    }

    public ChildJvm start() {
      try {
        return new ChildJvm(name, command(), env);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + command(), e);
      }
    }
  }

  /** Lines of one stream, readable and awaitable while the process runs. */
  private static final class Output {
    private final List<String> lines = new ArrayList<>();
    private boolean closed;

    synchronized void add(String line) {
      lines.add(line);
      notifyAll();
    }

    synchronized void close() {
      closed = true;
      notifyAll();
    }

    synchronized List<String> lines() {
      return List.copyOf(lines);
    }

    /** The first line matching, waiting for it; null when the stream ended or time ran out. */
    synchronized Matcher await(Pattern pattern, Duration timeout, int fromLine) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      int checked = fromLine;
      while (true) {
        for (; checked < lines.size(); checked++) {
          Matcher m = pattern.matcher(lines.get(checked));
          if (m.find()) {
            return m;
          }
        }
        long left = deadline - System.nanoTime();
        if (closed || left <= 0) {
          return null;
        }
        wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** Follows a file the process writes to, line by line, until the process is gone and all is read. */
  private Thread follow(Path file, Output output, String tag) {
    Thread thread = new Thread(() -> {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try (InputStream in = Files.newInputStream(file)) {
        while (true) {
          boolean exited = !process.isAlive(); // checked before reading: nothing is written after
          int n;
          boolean progressed = false;
          while ((n = in.read(buffer)) > 0) {
            progressed = true;
            for (int i = 0; i < n; i++) {
              if (buffer[i] == '\n') {
                emit(line, output, tag);
              } else {
                line.write(buffer[i]);
              }
            }
          }
          if (exited) {
            break;
          }
          if (!progressed) {
            Thread.sleep(10);
          }
        }
        if (line.size() > 0) {
          emit(line, output, tag);
        }
      } catch (IOException e) {
        writeLog("[" + tag + "] <cannot read " + file + ": " + e + ">");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        output.close();
      }
    }, "child-" + name + "-" + tag);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private void emit(ByteArrayOutputStream line, Output output, String tag) {
    String text = line.toString(StandardCharsets.UTF_8);
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    line.reset();
    output.add(text);
    writeLog("[" + tag + "] " + text);
    if (!listening && LISTENING.matcher(text).find()) {
      listening = true;
      writeLog("# listening " + (System.nanoTime() - startNanos) / 1_000_000 + " ms after the start");
    }
  }

  private void writeLog(String line) {
    synchronized (log) {
      try {
        log.write(line);
        log.write('\n');
        log.flush();
      } catch (IOException e) {
        // the log file is a convenience; the buffers are what tests read
      }
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public List<String> stdoutLines() {
    return stdout.lines();
  }

  public List<String> stderrLines() {
    return stderr.lines();
  }

  public String stdout() {
    return String.join("\n", stdout.lines());
  }

  public String stderr() {
    return String.join("\n", stderr.lines());
  }

  /** Waits for the "listening on http://127.0.0.1:<port>" line and returns the port. */
  public int awaitPort() {
    return Integer.parseInt(awaitStdout(LISTENING, START_TIMEOUT).group(1));
  }

  /** Waits for a stdout line matching {@code pattern}; fails with the output so far otherwise. */
  public Matcher awaitStdout(Pattern pattern, Duration timeout) {
    return await(stdout, "stdout", pattern, timeout, 0);
  }

  /** Waits for a stderr line matching {@code pattern}; fails with the output so far otherwise. */
  public Matcher awaitStderr(Pattern pattern, Duration timeout) {
    return await(stderr, "stderr", pattern, timeout, 0);
  }

  /** The same, looking only at the lines from line {@code fromLine} on (0-based). */
  public Matcher awaitStderr(Pattern pattern, Duration timeout, int fromLine) {
    return await(stderr, "stderr", pattern, timeout, fromLine);
  }

  private Matcher await(Output output, String label, Pattern pattern, Duration timeout, int fromLine) {
    try {
      Matcher m = output.await(pattern, timeout, fromLine);
      if (m == null) {
        throw new AssertionError("'" + name + "' printed no line matching /" + pattern + "/ on " + label
            + " within " + timeout.toSeconds() + " s" + (process.isAlive() ? "" : " (it exited with "
            + process.exitValue() + ")") + ".\n" + describe());
      }
      return m;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Waits for the process to end by itself; fails if it does not within {@code timeout}. */
  public int waitForExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("'" + name + "' did not exit within " + timeout.toSeconds() + " s.\n"
            + describe());
      }
      joinPumps();
      exitCode = process.exitValue();
      return exitCode;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** SIGTERM, up to 20 s for shutdown hooks, then a forced kill. Returns the exit code. */
  public int stop() {
    try {
      if (process.isAlive()) {
        long sigterm = System.nanoTime();
        process.destroy();
        if (process.waitFor(20, TimeUnit.SECONDS)) {
          writeLog("# exited " + (System.nanoTime() - sigterm) / 1_000_000 + " ms after SIGTERM");
        } else {
          writeLog("# did not stop within 20 s of SIGTERM: killing it");
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      }
      joinPumps();
      if (!process.isAlive()) {
        exitCode = process.exitValue();
      }
      return exitCode == null ? -1 : exitCode;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private void joinPumps() throws InterruptedException {
    stdoutPump.join(5_000);
    stderrPump.join(5_000);
  }

  /** The command, where the log is, and the end of both streams: for failure messages. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("command: ").append(String.join(" ", command)).append('\n');
    sb.append("log: ").append(logFile).append('\n');
    appendTail(sb, "stdout", stdout.lines());
    appendTail(sb, "stderr", stderr.lines());
    return sb.toString();
  }

  private static void appendTail(StringBuilder sb, String label, List<String> lines) {
    int from = Math.max(0, lines.size() - 40);
    sb.append("--- ").append(label).append(from > 0 ? " (last 40 lines)" : "").append(" ---\n");
    for (String line : lines.subList(from, lines.size())) {
      sb.append(line).append('\n');
    }
  }

  @Override
  public void close() {
    int code = stop();
    writeLog("# exit code: " + code);
    synchronized (log) {
      try {
        log.close();
      } catch (IOException e) {
        // ignore
      }
    }
  }
}
