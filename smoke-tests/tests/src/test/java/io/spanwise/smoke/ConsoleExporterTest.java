package io.spanwise.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.smoke.support.ChildJvm;
import io.spanwise.smoke.support.Jdk;
import io.spanwise.smoke.support.SmokeEnv;
import io.spanwise.smoke.support.SmokeTest;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code otel.traces.exporter=console} (what demo.sh runs): each trace is printed on stdout as a tree, a
 * header line naming the trace and its root, then one indented line per span.
 */
class ConsoleExporterTest extends SmokeTest {

  @Test
  void theSelfDrivenDemoPrintsItsTraces() {
    ChildJvm app = track(app("demo-console")
        .jar(SmokeEnv.demoJar())
        .sysProp("otel.traces.exporter", "console")
        .sysProp("otel.service.name", "spanwise-demo")
        .args("--self-drive")
        .start());

    assertThat(app.waitForExit(Duration.ofSeconds(90))).as(app.describe()).isZero();
    List<String> out = app.stdoutLines();

    assertTraceTree(out, "GET /checkout", "");
    assertTraceTree(out, "POST /checkout", "");
    assertTraceTree(out, "GET /orders/*", "");
    assertTraceTree(out, "GET /fail", "!! ERROR");
    // The checkout sent with a traceparent shows as a continuation of the caller's trace.
    assertThat(out).as(app.describe()).anyMatch(l -> l.startsWith("trace 4bf92f3577b34da6a3ce929d0e0e4736")
        && l.contains("root=\"GET /checkout\"") && l.contains("continues remote parent 00f067aa0ba902b7"));
  }

  /** A header line for a trace rooted at {@code root}, followed by that span's indented line. */
  private static void assertTraceTree(List<String> out, String root, String mustContain) {
    Pattern header = Pattern.compile("^trace [0-9a-f]{32}\\s+service=spanwise-demo\\s+root=\""
        + Pattern.quote(root) + "\".*");
    Pattern spanLine = Pattern.compile("^\\s+" + Pattern.quote(root) + "\\s+SERVER\\s+.*");
    boolean found = false;
    for (int i = 0; i + 1 < out.size() && !found; i++) {
      found = header.matcher(out.get(i)).matches() && spanLine.matcher(out.get(i + 1)).matches()
          && out.get(i + 1).contains(mustContain);
    }
    assertThat(found)
        .as("stdout shows a trace rooted at \"%s\" (header line, then the span's own line)\n%s", root,
            String.join("\n", out))
        .isTrue();
  }
}
