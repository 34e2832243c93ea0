#!/usr/bin/env bash
# The tail-keeping buffer forced full under load: does memory stay bounded?
#
# Runs the benchmark service twice under the agent for DURATION seconds of wrk load with CONNECTIONS
# connections on GET /checkout (six spans a request: 32 traces in flight hold up to 160 ended spans waiting for their root):
#   5%        parentbased_traceidratio 0.05, nothing kept beyond the head sample
#   5%+keep   the same, keeping errors and traces slower than 10 s (none are: every unsampled trace is
#             buffered until its local root ends, then dropped), with the buffer capped at MAX_SPANS so
#             that it is full the whole time and the oldest pending traces are given up
# and prints, for each: the heap after each GC (max over the last two thirds of the run), the resident
# set size at the end, and the agent's report of traces given up.
#
#   ROUNDS are not alternated: memory, not time, is measured here.
#   DURATION=120 CONNECTIONS=32 MAX_SPANS=20 JAVA_OPTS="-Xmx512m"
#
# Needs: the built jars (mvn -q install -DskipTests -pl agent-dist,benchmarks/app -am), curl, wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-120}"
CONNECTIONS="${CONNECTIONS:-32}"
MAX_SPANS="${MAX_SPANS:-20}"
JAVA_OPTS="${JAVA_OPTS:--Xmx512m}"
JAVA="${JAVA:-java}"
APP_JAR=benchmarks/app/target/benchmark-app.jar
AGENT_JAR=agent-dist/target/spanwise-agent.jar
PORT="${PORT:-18090}"
SINK_PORT="${SINK_PORT:-18091}"
OUT="$(mktemp -d /tmp/keep-buffer.XXXXXX)"
for f in "$APP_JAR" "$AGENT_JAR"; do [ -f "$f" ] || { echo "missing $f: build first" >&2; exit 1; }; done
command -v wrk >/dev/null || { echo "wrk is needed" >&2; exit 1; }

pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
"$JAVA" -Xmx256m -XX:+UseSerialGC -cp "$APP_JAR" io.spanwise.benchmarks.app.OtlpSink "$SINK_PORT" > "$OUT/sink.log" 2>&1 &
pids+=($!)
until curl -s -o /dev/null "http://127.0.0.1:$SINK_PORT/stats"; do sleep 0.1; done

run() {
  local name=$1; shift
  env OTEL_SERVICE_NAME=benchmark-app OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none \
    OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$SINK_PORT" \
    "$JAVA" $JAVA_OPTS "-Xlog:gc:file=$OUT/$name.gc" -javaagent:"$AGENT_JAR" \
    -Dotel.traces.sampler=parentbased_traceidratio -Dotel.traces.sampler.arg=0.05 "$@" \
    -jar "$APP_JAR" --port "$PORT" > "$OUT/$name.log" 2>&1 &
  local pid=$!
  pids+=($pid)
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/checkout")" = 200 ]; do sleep 0.1; done
  wrk -t 2 -c "$CONNECTIONS" -d "${DURATION}s" "http://127.0.0.1:$PORT/checkout" > "$OUT/$name.wrk"
  local rss_kib
  rss_kib=$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  # "[12.345s][info][gc] GC(7) Pause Young (Allocation Failure) 140M->12M(491M) 3.210ms": the after value
  local heap
  heap=$(awk -v from="$(( DURATION / 3 ))" '
    /Pause/ { t = $1; gsub(/[\[\]s]/, "", t); if (t + 0 < from) next
      for (i = 1; i <= NF; i++) if ($i ~ /->/) { split($i, a, "->"); v = a[2]; sub(/M.*/, "", v); if (v + 0 > max) max = v + 0 } }
    END { print max + 0 }' "$OUT/$name.gc")
  printf '%-9s %8s req/s  heap after GC max %4s MiB  RSS %5d MiB  %s\n' "$name" \
    "$(awk '/Requests\/sec/ { printf "%.0f", $2 }' "$OUT/$name.wrk")" "$heap" $(( rss_kib / 1024 )) \
    "$(grep -h 'could not wait' "$OUT/$name.log" | tail -1 | sed 's/.*sampling: //' | cut -c1-80)"
}

echo "wrk -c $CONNECTIONS for $DURATION s on /checkout; keep buffer capped at $MAX_SPANS spans; $($JAVA -version 2>&1 | head -1)"
run "5%"
run "5%+keep" -Dspanwise.traces.keep-errors=true -Dspanwise.traces.keep-slow=10s \
  -Dspanwise.traces.keep.max-spans="$MAX_SPANS"
echo "logs: $OUT"
