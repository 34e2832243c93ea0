package io.spanwise.smoke.conflicting;

import java.util.List;

/** The start-up results, rendered for {@code /versions}. */
final class LibraryReport {
  private volatile List<LibraryProbe.Result> results;

  void set(List<LibraryProbe.Result> results) {
    this.results = List.copyOf(results);
  }

  /** Null until the start-up checks are done. */
  String render() {
    List<LibraryProbe.Result> current = results;
    if (current == null) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    line(out, "app.location", LibraryProbe.location(ConflictingDepsApp.class));
    line(out, "app.loader", LibraryProbe.loader(ConflictingDepsApp.class));
    line(out, "java.version", System.getProperty("java.version"));
    for (LibraryProbe.Result r : current) {
      String p = r.name() + ".";
      line(out, p + "version", r.version());
      line(out, p + "versionSource", r.versionSource());
      line(out, p + "class", r.className());
      line(out, p + "location", r.location());
      line(out, p + "loader", r.loader());
      line(out, p + "check", r.check());
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String key, String value) {
    String v = String.valueOf(value).replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "");
    out.append(key).append('=').append(v).append('\n');
  }
}
