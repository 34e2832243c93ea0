#!/usr/bin/env bash
# Where the CPU of one request goes, by thread group: the benchmark service under wrk load, warmed up,
# then each of its threads' CPU time (utime + stime from /proc/<pid>/task/*/stat) over a measured window,
# divided by the checkouts served in it, and the loopback OTLP sink's CPU, which shares the cores; then
# the heap allocated per request by all of the service's threads (the service's /stats).
#
#   benchmarks/thread-cpu.sh                 # Spanwise
#   CONFIG=none benchmarks/thread-cpu.sh     # no agent, to compare
#   PROFILE=1 WARMUP=150 benchmarks/thread-cpu.sh   # and a CPU profile of the same window (below)
#
# PROFILE=1 loads async-profiler (4.0, fetched from Maven Central into benchmarks/target when missing) at
# launch with event=itimer, restarts it when the measured window begins and prints, after the per-thread
# figures, the profile's CPU per checkout by thread group and the agent's own frames
# (benchmarks/cpu-profile.py, which also reads a kept profile again or compares two). The kernel rounds
# itimer's 1 ms interval to its tick (4 ms on this VM: TICK_MS), so samples x TICK_MS are CPU time. The
# profile is kept in benchmarks/target/cpu-profile/. Loading the profiler when the window begins instead
# slowed a JVM that runs the agent far more than one without it.
#
# A sampling profiler that walks Java stacks only (JFR's execution samples) misses the time threads
# spend in native code (sockets, park/unpark): on this service it put the export thread at a third of
# all samples, where its threads' CPU time is about 6 % of a request. These figures are the ground truth
# to split a profile against.
#
# Settings: CONFIG=spanwise|none  WARMUP=90  DURATION=20  CONNECTIONS=16  PORT=18080 SINK_PORT=14318
# PROFILE (empty: no profile)  TICK_MS=4
# JAVA_OPTS="-Xmx512m"; AGENT_OPTS (more JVM options for the agent, e.g. -Dotel.traces.sampler=...);
# AGENT_JAR (another build of the agent, to compare two builds one after the other)
# Needs the jars built (mvn -q install -DskipTests -pl agent-dist,benchmarks/app -am) and wrk.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CONFIG="${CONFIG:-spanwise}"
WARMUP="${WARMUP:-90}"
DURATION="${DURATION:-20}"
CONNECTIONS="${CONNECTIONS:-16}"
PORT="${PORT:-18080}"
SINK_PORT="${SINK_PORT:-14318}"
JAVA_OPTS="${JAVA_OPTS:--Xmx512m}"
JAVA="${JAVA:-java}"
APP_JAR="$ROOT/benchmarks/app/target/benchmark-app.jar"
AGENT_JAR="${AGENT_JAR:-$ROOT/agent-dist/target/spanwise-agent.jar}"
PROFILE="${PROFILE:-}"
PROFILER_DIR="$ROOT/benchmarks/target/async-profiler"
PROFILER="$PROFILER_DIR/linux-x64/libasyncProfiler.so"
PROFILE_OUT="$ROOT/benchmarks/target/cpu-profile/$(date +%Y%m%d-%H%M%S)-$CONFIG.collapsed"

die() { echo "thread-cpu: $*" >&2; exit 1; }
[ -f "$APP_JAR" ] || die "build first: mvn -q install -DskipTests -pl agent-dist,benchmarks/app -am"
command -v wrk >/dev/null || die "wrk is needed (apt-get install wrk)"
agent=()
case "$CONFIG" in
  none) ;;
  spanwise) [ -f "$AGENT_JAR" ] || die "no $AGENT_JAR"; agent=("-javaagent:$AGENT_JAR" ${AGENT_OPTS:-}) ;;
  *) die "CONFIG is none or spanwise" ;;
esac
profiler=()
if [ -n "$PROFILE" ]; then
  if [ ! -f "$PROFILER" ]; then
    (cd "$ROOT" && mvn -q -N org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack \
      -Dartifact=tools.profiler:async-profiler:4.0 -DoutputDirectory="$PROFILER_DIR") \
      || die "cannot fetch tools.profiler:async-profiler:4.0"
  fi
  mkdir -p "$(dirname "$PROFILE_OUT")"
  profiler=("-agentpath:$PROFILER=start,event=itimer,interval=1ms,threads")
fi
# the inner quotes keep jcmd from reading the profiler's options as its own
profiler_command() { jcmd "$APP_PID" JVMTI.agent_load "$PROFILER" "\"$1\"" >/dev/null; }

"$JAVA" -Xmx256m -XX:+UseSerialGC -cp "$APP_JAR" io.spanwise.benchmarks.app.OtlpSink "$SINK_PORT" >/dev/null 2>&1 &
SINK_PID=$!
env OTEL_SERVICE_NAME=benchmark-app OTEL_TRACES_EXPORTER=otlp OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none \
  OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$SINK_PORT" \
  "$JAVA" $JAVA_OPTS "${profiler[@]}" "${agent[@]}" -jar "$APP_JAR" --port "$PORT" >/dev/null 2>&1 &
APP_PID=$!
trap 'kill $APP_PID $SINK_PID 2>/dev/null || true; wait 2>/dev/null || true' EXIT

base="http://127.0.0.1:$PORT"
for _ in $(seq 1 600); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/checkout" || true)" = 200 ] && break
  kill -0 "$APP_PID" 2>/dev/null || die "the service exited"
  sleep 0.1
done
wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" "$base/checkout" >/dev/null

# one line per thread: its name (spaces as _) and its CPU ticks so far
threads() {
  for task in /proc/"$APP_PID"/task/*; do
    echo "$(tr ' ' '_' < "$task/comm" 2>/dev/null) $(awk '{ print $14 + $15 }' "$task/stat" 2>/dev/null)"
  done
}
checkouts() { curl -s "$base/stats" | sed 's/.*checkouts=\([0-9]*\).*/\1/'; }
allocated() { curl -s "$base/stats" | sed 's/.*allocated_bytes=\([0-9]*\).*/\1/'; }
sink_ticks() { awk '{ print $14 + $15 }' "/proc/$SINK_PID/stat"; }

if [ -n "$PROFILE" ]; then
  profiler_command stop
  profiler_command "start,event=itimer,interval=1ms,threads"
fi
before=$(threads); sink_before=$(sink_ticks); served_before=$(checkouts); allocated_before=$(allocated)
rps=$(wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "$base/checkout" | awk '/Requests\/sec/ { print $2 }')
after=$(threads); sink_after=$(sink_ticks); served_after=$(checkouts); allocated_after=$(allocated)
[ -z "$PROFILE" ] || profiler_command "stop,collapsed,file=$PROFILE_OUT"

echo "$CONFIG: $rps requests/s over ${DURATION}s after ${WARMUP}s of warm-up; CPU per request (µs):"
# a thread started during the window counts from zero; threads are grouped by the start of their name
awk -v n=$((served_after - served_before)) -v hz="$(getconf CLK_TCK)" \
    -v sink=$((sink_after - sink_before)) '
  function group(name) {
    if (name ~ /^http-nio/) return "request threads (Tomcat)"
    if (name ~ /^HttpClient/) return "JDK HttpClient threads"
    if (name ~ /^spanwise/) return "Spanwise exporter threads"
    if (name ~ /^BatchSpanProc/) return "batch span processor"
    if (name ~ /Compiler|^C1|^C2/) return "JIT compiler"
    if (name ~ /GC|^G1|^VM_Thread/) return "GC and VM"
    return "other"
  }
  FNR == NR { start[$1] += $2; next }
  { used[group($1)] += $2 - start[$1]; start[$1] = 0 }
  END {
    for (g in used) { printf "  %-28s %7.1f\n", g, used[g] * 1e6 / hz / n; total += used[g] }
    printf "  %-28s %7.1f\n", "all threads", total * 1e6 / hz / n
    printf "  %-28s %7.1f  (another process on the same cores)\n", "OTLP sink", sink * 1e6 / hz / n
  }' <(echo "$before") <(echo "$after")
awk -v b=$((allocated_after - allocated_before)) -v n=$((served_after - served_before)) \
  'BEGIN { printf "heap allocated per request: %.1f KiB (all threads)\n", b / n / 1024 }'
if [ -n "$PROFILE" ]; then
  echo "profile of the same window ($PROFILE_OUT):"
  TICK_MS="${TICK_MS:-4}" python3 "$ROOT/benchmarks/cpu-profile.py" "$PROFILE_OUT" $((served_after - served_before))
fi
