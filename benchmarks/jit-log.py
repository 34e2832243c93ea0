#!/usr/bin/env python3
"""What the JIT compiled during start-up, and what an agent added to it, from HotSpot compilation logs.

    mkdir -p /tmp/jit && APP=service ROUNDS=3 CONFIGS="none spanwise" \
      JAVA_OPTS="-Xmx512m -XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=/tmp/jit/hs_%p.log" \
      benchmarks/startup.sh
    benchmarks/jit-log.py /tmp/jit/hs_*.log [rows]

startup.sh stops each JVM right after its first answer, so a log holds the compilations up to about
then. The logs are grouped by the JVM's options as the log records them (the -javaagent and any
-D options, without the logging options), the group without an agent first. For each group: the
compile tasks of C1 (tiers 1 to 3) and C2 (tier 4) and their summed duration, per JVM; then, against
the first group, the methods and packages whose C2 time grew most (average per JVM, and how many
times per JVM each was compiled).

A task's duration is the difference of the log's time stamps at its start and end (milliseconds):
the compiler thread's wall-clock time, which on busy cores includes the time it waited for one. Good to
rank what the JIT spends its time on, not a CPU total (thread-cpu.sh and startup.sh measure those).
"""
import collections
import html
import re
import sys

LOGGING_OPTIONS = re.compile(r"-XX:\+UnlockDiagnosticVMOptions|-XX:\+LogCompilation|-XX:LogFile=\S+")


def options(text):
    match = re.search(r"<args>\s*(.*?)\s*</args>", text, re.S)
    args = LOGGING_OPTIONS.sub("", match.group(1) if match else "")
    return " ".join(a for a in args.split() if a.startswith(("-javaagent", "-D"))) or "no agent"


def tasks(text):
    """(method, tier, duration in s) of each finished compile task."""
    found, current = [], None
    for line in text.splitlines():
        if line.startswith("<task "):
            method = re.search(r"method='([^']*)'", line)
            level = re.search(r"level='(\d)'", line)
            stamp = re.search(r"stamp='([\d.]+)'", line)
            current = (html.unescape(method.group(1)), int(level.group(1)) if level else 4,
                       float(stamp.group(1)))
        elif line.startswith("<task_done") and current:
            stamp = float(re.search(r"stamp='([\d.]+)'", line).group(1))
            found.append((current[0], current[1], stamp - current[2]))
            current = None
    return found


def package(method):
    return ".".join(method.split(" ")[0].split(".")[:3])


def c2_time(groups, key):
    """Per group: key -> (average C2 seconds per JVM, average compilations per JVM)."""
    result = {}
    for name, jvms in groups.items():
        time, count = collections.Counter(), collections.Counter()
        for jvm in jvms:
            for method, tier, duration in jvm:
                if tier == 4:
                    time[key(method)] += duration / len(jvms)
                    count[key(method)] += 1 / len(jvms)
        result[name] = (time, count)
    return result


def main():
    files = [a for a in sys.argv[1:] if not a.isdigit()]
    rows = int(next((a for a in sys.argv[1:] if a.isdigit()), "20"))
    if not files:
        sys.exit(__doc__)
    groups = collections.defaultdict(list)
    for path in files:
        text = open(path, errors="replace").read()
        groups[options(text)].append(tasks(text))
    names = sorted(groups, key=lambda g: (g != "no agent", g))
    for name in names:
        print("%s: %d JVMs" % (name, len(groups[name])))
        for jvm in groups[name]:
            c1 = [d for _, tier, d in jvm if tier < 4]
            c2 = [d for _, tier, d in jvm if tier == 4]
            print("  C1 %4d tasks %6.3f s   C2 %4d tasks %6.3f s" % (len(c1), sum(c1), len(c2), sum(c2)))
    base = names[0]
    for label, key in (("method", lambda m: m), ("package", package)):
        per = c2_time(groups, key)
        for name in names[1:]:
            time, count = per[name]
            base_time, base_count = per[base]
            print("\nC2 time added, by %s: %s against %s (s per JVM, compilations per JVM)" % (label, name, base))
            for k in sorted(set(time) | set(base_time), key=lambda k: base_time[k] - time[k])[:rows]:
                print("  %+.3f  %.3f (%.1f) -> %.3f (%.1f)  %s"
                      % (time[k] - base_time[k], base_time[k], base_count[k], time[k], count[k], k[:140]))


if __name__ == "__main__":
    main()
