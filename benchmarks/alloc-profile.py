#!/usr/bin/env python3
"""Where the heap allocation goes, from a JFR recording's jdk.ObjectAllocationSample events.

    jcmd <pid> JFR.start name=a settings=profile filename=rec.jfr   # or a .jfc with a higher throttle
    ... load ...
    jcmd <pid> JFR.stop name=a
    jfr print --json --events jdk.ObjectAllocationSample --stack-depth 64 rec.jfr > rec.json
    benchmarks/alloc-profile.py rec.json [requests] [rows]

Prints the sampled weight (an estimate of the bytes allocated) per thread group, then for the samples
made by the agent (a frame of io.spanwise.core/instrumentation/bootstrap or io.opentelemetry on the
stack, or an agent thread) per allocated class and per site (the agent frame nearest the allocation,
then the allocating frame). With [requests], figures are divided by it (bytes per request). JFR's
weights are sampled estimates, biased to allocations outside TLABs: use them to rank sites, and
/stats or JMH -prof gc for totals.
"""
import collections
import json
import sys

AGENT_PACKAGES = ("io/spanwise/core", "io/spanwise/instrumentation", "io/spanwise/bootstrap",
                  "io/opentelemetry", "io.spanwise.core", "io.spanwise.instrumentation",
                  "io.spanwise.bootstrap", "io.opentelemetry")
AGENT_THREADS = ("spanwise", "BatchSpanProcessor")
# The woven executor code runs the application's tasks: what they allocate below it is not the agent's.
PASS_THROUGH = ("io/spanwise/bootstrap/api/TaskRunner", "io/spanwise/bootstrap/api/Context",
                "io.spanwise.bootstrap.api.TaskRunner", "io.spanwise.bootstrap.api.Context")


def frame_name(frame):
    return "%s.%s:%s" % (frame["method"]["type"]["name"], frame["method"]["name"], frame.get("lineNumber", ""))


def main():
    events = json.load(open(sys.argv[1]))["recording"]["events"]
    per = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    rows = int(sys.argv[3]) if len(sys.argv) > 3 else 25
    total = agent = 0
    threads, classes, sites = collections.Counter(), collections.Counter(), collections.Counter()
    for event in events:
        values = event["values"]
        weight = values["weight"]
        total += weight
        thread = (values.get("eventThread") or {}).get("javaName") or "?"
        group = "".join(c for c in thread if not c.isdigit())
        threads[group] += weight
        frames = (values.get("stackTrace") or {}).get("frames") or []
        ours = []
        for f in frames:
            name = f["method"]["type"]["name"]
            if name.startswith(PASS_THROUGH):
                break  # what runs below is the application's task
            if name.startswith(AGENT_PACKAGES):
                ours.append(f)
        if not ours and not thread.startswith(AGENT_THREADS):
            continue
        agent += weight
        classes[values["objectClass"]["name"]] += weight
        site = frame_name(ours[0]) if ours else "(agent thread)"
        sites[site + "  <=  " + (frame_name(frames[0]) if frames else "?")] += weight
    unit = "B/request" if per != 1.0 else "B"
    print("sampled total %.0f %s, with an agent frame or on an agent thread %.0f %s"
          % (total / per, unit, agent / per, unit))
    for title, counter in (("threads (all samples)", threads), ("agent: classes", classes),
                           ("agent: sites", sites)):
        print("== " + title)
        for key, weight in counter.most_common(rows):
            print("%9.0f %5.1f%%  %s" % (weight / per, 100.0 * weight / total, key))


if __name__ == "__main__":
    main()
