#!/usr/bin/env python3
"""µs of CPU per checkout by thread group and by the agent's own frames, from async-profiler's collapsed
stacks (`threads` option: each stack starts with its thread's name).

    benchmarks/cpu-profile.py a.collapsed <checkouts>                       # one profile
    benchmarks/cpu-profile.py a.collapsed <checkouts> b.collapsed <checkouts>   # b against a

Each sample is TICK_MS milliseconds of CPU (environment, default 4: the kernel's tick, to which itimer's
1 ms interval is rounded). "Agent frames" are the first frame of the agent or the SDK on a request or
HTTP client thread's stack, inclusive of what they call: the application's own code slowed beside the
agent does not show there, only in the thread groups' totals.
"""
import collections
import os
import re
import sys

TICK_MS = float(os.environ.get("TICK_MS", "4"))
AGENT = ("io/spanwise/core", "io/spanwise/instrumentation", "io/spanwise/bootstrap", "io/opentelemetry")
PASS_THROUGH = ("io/spanwise/bootstrap/api/TaskRunner",)  # runs the application's tasks


def group(thread):
    if thread.startswith("http-nio"):
        return "request threads (Tomcat)"
    if thread.startswith("HttpClient"):
        return "JDK HttpClient threads"
    if thread.startswith("spanwise") or thread.startswith("BatchSpanProcessor"):
        return "Spanwise export"
    if "CompilerThre" in thread:
        return "JIT compiler"
    if thread.startswith("GC Thread") or thread.startswith("G1") or thread.startswith("VM Thread"):
        return "GC and VM"
    return "other: " + re.sub(r"[-#]?\d+$", "", thread)


def load(path, checkouts):
    scale = TICK_MS * 1000.0 / checkouts
    groups, frames = collections.Counter(), collections.Counter()
    for line in open(path):
        stack, samples = line.rsplit(" ", 1)
        parts = stack.split(";")
        thread = re.sub(r"\s*tid=\d+\]$", "", parts[0].lstrip("["))
        g = group(thread)
        groups[g] += int(samples) * scale
        if g in ("request threads (Tomcat)", "JDK HttpClient threads"):
            for frame in parts[1:]:
                if frame.startswith(AGENT) and not frame.startswith(PASS_THROUGH):
                    frames[frame] += int(samples) * scale
                    break
    return groups, frames


def main():
    if len(sys.argv) not in (3, 5):
        sys.exit(__doc__)
    a = load(sys.argv[1], int(sys.argv[2]))
    b = load(sys.argv[3], int(sys.argv[4])) if len(sys.argv) == 5 else None
    for title, index in (("CPU per checkout by thread group (µs)", 0), ("agent frames (µs, inclusive)", 1)):
        print(title)
        rows = a[index] if b is None else collections.Counter({k: b[index][k] - a[index][k]
                                                                for k in set(a[index]) | set(b[index])})
        for key, _ in sorted(rows.items(), key=lambda kv: -abs(kv[1]))[:15]:
            if b is None:
                print("  %7.2f  %s" % (a[index][key], key))
            else:
                print("  %+7.2f  %7.2f -> %7.2f  %s" % (b[index][key] - a[index][key], a[index][key],
                                                      b[index][key], key))
        if b is None and index == 0:
            print("  %7.2f  all" % sum(a[0].values()))


if __name__ == "__main__":
    main()
