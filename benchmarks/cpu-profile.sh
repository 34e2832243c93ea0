#!/usr/bin/env bash
# Where a request's CPU goes, by thread group and by the agent's own frames: the benchmark service under
# wrk load with async-profiler loaded at launch (event=itimer), restarted when the measured window begins,
# then its samples per checkout served. Used for the module-by-module table in benchmarks/README.md:
#
#   benchmarks/cpu-profile.sh                                   # Spanwise, every module
#   CONFIG=none benchmarks/cpu-profile.sh                       # no agent, to compare
#   AGENT_OPTS=-Dotel.instrumentation.jdbc.enabled=false benchmarks/cpu-profile.sh
#   benchmarks/cpu-profile.py <a.collapsed> <checkouts> [<b.collapsed> <checkouts>]   # read or compare again
#
# The kernel rounds itimer's 1 ms interval to its tick (4 ms on this VM: TICK_MS), so samples x TICK_MS
# are CPU time. Compare with benchmarks/thread-cpu.sh's per-thread figures, which count every tick. Two
# runs of one configuration differ by about 3 µs per request on the request threads.
#
# Settings: CONFIG=spanwise|none  AGENT_OPTS  WARMUP=150 (until C2 is done)  DURATION=20  CONNECTIONS=16
# JAVA_OPTS="-Xmx512m"  PORT=18080 SINK_PORT=14318  TICK_MS=4  OUT=benchmarks/target/cpu-profile/<time>.collapsed
# Needs the jars built (mvn -q install -DskipTests -pl agent-dist,benchmarks/app -am), wrk, and async-profiler
# 4.0, fetched from Maven Central (tools.profiler:async-profiler) into benchmarks/target when missing.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CONFIG="${CONFIG:-spanwise}"
WARMUP="${WARMUP:-150}"
DURATION="${DURATION:-20}"
CONNECTIONS="${CONNECTIONS:-16}"
PORT="${PORT:-18080}"
SINK_PORT="${SINK_PORT:-14318}"
JAVA_OPTS="${JAVA_OPTS:--Xmx512m}"
JAVA="${JAVA:-java}"
TICK_MS="${TICK_MS:-4}"
APP_JAR="$ROOT/benchmarks/app/target/benchmark-app.jar"
AGENT_JAR="${AGENT_JAR:-$ROOT/agent-dist/target/spanwise-agent.jar}"
OUT="${OUT:-$ROOT/benchmarks/target/cpu-profile/$(date +%Y%m%d-%H%M%S)-$CONFIG.collapsed}"
PROFILER_DIR="$ROOT/benchmarks/target/async-profiler"
PROFILER="$PROFILER_DIR/linux-x64/libasyncProfiler.so"

die() { echo "cpu-profile: $*" >&2; exit 1; }
[ -f "$APP_JAR" ] || die "build first: mvn -q install -DskipTests -pl agent-dist,benchmarks/app -am"
command -v wrk >/dev/null || die "wrk is needed (apt-get install wrk)"
if [ ! -f "$PROFILER" ]; then
  (cd "$ROOT" && mvn -q -N org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack \
    -Dartifact=tools.profiler:async-profiler:4.0 -DoutputDirectory="$PROFILER_DIR") \
    || die "cannot fetch tools.profiler:async-profiler:4.0"
fi
agent=()
case "$CONFIG" in
  none) ;;
  spanwise) [ -f "$AGENT_JAR" ] || die "no $AGENT_JAR"; agent=("-javaagent:$AGENT_JAR" ${AGENT_OPTS:-}) ;;
  *) die "CONFIG is none or spanwise" ;;
esac
mkdir -p "$(dirname "$OUT")"

"$JAVA" -Xmx256m -XX:+UseSerialGC -cp "$APP_JAR" io.spanwise.benchmarks.app.OtlpSink "$SINK_PORT" >/dev/null 2>&1 &
SINK_PID=$!
env OTEL_SERVICE_NAME=benchmark-app OTEL_TRACES_EXPORTER=otlp OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none \
  OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$SINK_PORT" \
  "$JAVA" $JAVA_OPTS "-agentpath:$PROFILER=start,event=itimer,interval=1ms,threads" "${agent[@]}" \
  -jar "$APP_JAR" --port "$PORT" >/dev/null 2>&1 &
APP_PID=$!
trap 'kill $APP_PID $SINK_PID 2>/dev/null || true; wait 2>/dev/null || true' EXIT

base="http://127.0.0.1:$PORT"
for _ in $(seq 1 600); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/checkout" || true)" = 200 ] && break
  kill -0 "$APP_PID" 2>/dev/null || die "the service exited"
  sleep 0.1
done
wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" "$base/checkout" >/dev/null
checkouts() { curl -s "$base/stats" | sed 's/.*checkouts=\([0-9]*\).*/\1/'; }
# the inner quotes keep jcmd from reading the profiler's options as its own
jcmd "$APP_PID" JVMTI.agent_load "$PROFILER" '"stop"' >/dev/null
jcmd "$APP_PID" JVMTI.agent_load "$PROFILER" '"start,event=itimer,interval=1ms,threads"' >/dev/null
served_before=$(checkouts)
rps=$(wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "$base/checkout" | awk '/Requests\/sec/ { print $2 }')
served=$(( $(checkouts) - served_before ))
jcmd "$APP_PID" JVMTI.agent_load "$PROFILER" "\"stop,collapsed,file=$OUT\"" >/dev/null
echo "$CONFIG${AGENT_OPTS:+ $AGENT_OPTS}: $rps requests/s, $served checkouts in ${DURATION}s after ${WARMUP}s; profile $OUT"
TICK_MS="$TICK_MS" python3 "$ROOT/benchmarks/cpu-profile.py" "$OUT" "$served"
