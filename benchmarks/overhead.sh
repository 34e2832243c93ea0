#!/usr/bin/env bash
# Side-by-side overhead of no agent, Spanwise and the OpenTelemetry Java agent on the benchmark service
# (benchmarks/app: Tomcat 10.1 + H2, /checkout -> JDBC + JDK HttpClient -> /inventory -> 2 x JDBC).
#
#   benchmarks/overhead.sh                      # from anywhere; the jars must be built (see below)
#   ROUNDS=5 DURATION=30 benchmarks/overhead.sh # longer
#
# Each round starts one JVM per configuration (the order rotates from round to round) and measures:
#   startup   wall time from launching the JVM to the first 200 of GET /checkout, and the CPU seconds the
#             JVM had used by then (utime + stime from /proc/<pid>/stat);
#   load      wrk with CONNECTIONS connections on GET /checkout: a warm-up until the JIT is done (below),
#             then a measured window of DURATION seconds: requests/s, latency p50 and p99, the JVM's CPU
#             time per request, and how much of it the JIT compiler threads took (still compiling = not
#             warm yet);
#   warm-up   at least WARMUP seconds under load, then WARMUP_STEP more at a time until the JIT compiler
#             threads used at most JIT_QUIET % of one CPU in the last step (or WARMUP_MAX seconds in all).
#             On a slow or shared machine C2 needs minutes to compile this service: a window measured
#             while it still compiles measures the warm-up, and a JVM with more code to compile (any
#             agent) looks slower than it runs once warm. The warm-up each JVM needed is in the table;
#             the default of 180 s is there because a JVM with the agent reaches its steady state later
#             than the JIT check says: after 75 s it still spent 4 us of JIT per request against 2
#             without (0.84x to 0.87x), after 195 s 2 against 1 (0.89x);
#   memory    peak RSS (VmHWM from /proc/<pid>/status) at the end, and the heap allocated per request in
#             the measured window (the app's /stats: the allocated bytes of all live threads), and the
#             non-heap footprint after start-up: at idle, IDLE_WAIT seconds after the first response, the
#             JVM's committed memory minus the Java heap's (Native Memory Tracking summary: class
#             metadata, code cache, threads' stacks, GC structures, direct buffers, the JVM itself);
#   spans     spans per request the loopback OTLP sink received in the window (a check that the agent
#             traces, and how much).
# Every agent exports OTLP http/protobuf to the same loopback sink (benchmarks/app OtlpSink), which
# answers 200 and discards. Medians over the rounds are printed as a Markdown table with the ratio to no
# agent, then the budgets. Raw figures and every log go to benchmarks/target/overhead/<time>/.
#
# Settings (environment variables, defaults for a 2-core machine):
#   ROUNDS=3 DURATION=20 WARMUP=180 WARMUP_STEP=15 WARMUP_MAX=600 JIT_QUIET=5 CONNECTIONS=16 WRK_THREADS=1
#   JAVA=<java to run the app>  (default: $JAVA_HOME/bin/java, else java on the PATH)
#   JAVA_OPTS="-Xmx512m"        (the app's JVM options, the same for every configuration)
#   NMT=summary                 (-XX:NativeMemoryTracking for the non-heap figure, on every JVM; NMT=off
#                                leaves it out: the figure is then RSS minus heap committed, coarser)
#   IDLE_WAIT=2                 (seconds of idle after the first response before the non-heap reading)
#   CONFIGS="none spanwise otel"   OTEL_AGENT_VERSION=2.21.0   PORT=18080 SINK_PORT=14318
#   SPANWISE_BASE_JAR=<another spanwise-agent.jar>, measured as configuration "spanwise-base" (add it to
#   CONFIGS): a before/after comparison of two builds in one run, e.g. a jar built from the previous
#   commit in a scratch worktree (git worktree add /tmp/base HEAD~1 && mvn -q -f /tmp/base package
#   -DskipTests -pl agent-dist -am); SPANWISE_BASE_OPTS adds JVM options to it alone (the same jar with a
#   setting changed: SPANWISE_BASE_JAR=<this jar> SPANWISE_BASE_OPTS=-Dotel.instrumentation.executors.enabled=false)
#   Production sampling, with the same jar: "spanwise-5%" (parentbased_traceidratio 0.05) and
#   "spanwise-5%+keep" (the same, keeping errors and traces slower than 500ms): what tail keeping costs.
#
# Needs: the built jars (mvn -q install -DskipTests -pl agent-dist,benchmarks/app -am), curl, and wrk
# (installed with apt-get when missing). The OpenTelemetry agent is fetched from Maven Central with
# mvn dependency:copy (from ~/.m2 when it is there). CI never runs this; the machine should be quiet.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-20}"
WARMUP="${WARMUP:-180}"
WARMUP_STEP="${WARMUP_STEP:-15}"
WARMUP_MAX="${WARMUP_MAX:-600}"
JIT_QUIET="${JIT_QUIET:-5}"
CONNECTIONS="${CONNECTIONS:-16}"
WRK_THREADS="${WRK_THREADS:-1}"
JAVA_OPTS="${JAVA_OPTS:--Xmx512m}"
CONFIGS="${CONFIGS:-none spanwise otel}"
NMT="${NMT:-summary}"
IDLE_WAIT="${IDLE_WAIT:-2}"
OTEL_AGENT_VERSION="${OTEL_AGENT_VERSION:-2.21.0}"
PORT="${PORT:-18080}"
SINK_PORT="${SINK_PORT:-14318}"
if [ -z "${JAVA:-}" ]; then
  if [ -n "${JAVA_HOME:-}" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="$(command -v java)"; fi
fi

OUT="$ROOT/benchmarks/target/overhead/$(date +%Y%m%d-%H%M%S)"

die() { echo "overhead: $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
. "$ROOT/benchmarks/common.sh"

# ------------------------------------------------------------------ prerequisites

check_prerequisites
JCMD="$(dirname "$(readlink -f "$JAVA")")/jcmd"
[ -x "$JCMD" ] || JCMD="$(command -v jcmd || true)"
[ -n "$JCMD" ] || die "jcmd is needed (a JDK, not a JRE) for the non-heap figure"
port_free "$PORT" || die "port $PORT is in use (set PORT)"
port_free "$SINK_PORT" || die "port $SINK_PORT is in use (set SINK_PORT)"

mkdir -p "$OUT"
RESULTS="$OUT/results.csv"
echo "round,config,startup_s,startup_cpu_s,rps,p50_ms,p99_ms,cpu_us_per_req,rss_mib,alloc_kib_per_req,spans_per_req,errors,jit_us_per_req,nonheap_mib,nonheap_nogc_mib,warmup_s" > "$RESULTS"
LOAD_AT_START="$(cut -d' ' -f1-3 /proc/loadavg)"

SINK_PID=""
APP_PID=""
cleanup() {
  for pid in $APP_PID $SINK_PID; do
    kill "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

# ------------------------------------------------------------------ the sink

start_sink "$SINK_PORT" "$OUT/sink.log"
SINK_PID=$SINK_STARTED

# ------------------------------------------------------------------ one measurement

# wrk latency "3.21ms" / "850.00us" / "1.02s" -> milliseconds
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
    printf "%.3f", n }'
}
# The JVM's memory outside the Java heap, in MiB, as "all,without_gc": with NMT, committed total minus the
# heap's committed, and that minus the GC's own structures (G1's remembered sets and card tables grow with
# the heap committed, which differs from JVM to JVM at idle, not with the agent); without NMT, RSS minus
# the heap's committed (GC.heap_info's "committed" of the generations), and no second figure.
nonheap_mib() {
  local pid=$1
  if [ "$NMT" != off ]; then
    "$JCMD" "$pid" VM.native_memory summary scale=KB 2>/dev/null | awk '
      function committed(   i, v) { for (i = 1; i <= NF; i++) if ($i ~ /^committed=/) { v = $i; sub(/committed=/, "", v); sub(/KB.*/, "", v); return v } }
      /^Total: / { total = committed() }
      /Java Heap \(reserved=/ { heap = committed() }
      /^ *- +GC \(reserved=/ { gc = committed() }
      END { if (total == "") print ","; else printf "%.1f,%.1f", (total - heap) / 1024, (total - heap - gc) / 1024 }'
  else
    local rss heap
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
    heap=$("$JCMD" "$pid" GC.heap_info 2>/dev/null | awk '{ for (i = 1; i <= NF; i++) if ($i == "committed") { v = $(i + 1); sub(/K,?/, "", v); n += v } } END { print n + 0 }')
    awk -v r="$rss" -v h="$heap" 'BEGIN { printf "%.1f,", (r - h) / 1024 }'
  fi
}

run_one() {
  local round=$1 config=$2
  local agent=() name="$config-r$round" nmt=()
  [ "$NMT" = off ] || nmt=("-XX:NativeMemoryTracking=$NMT")
  agent_args "$config"; agent=("${AGENT_ARGS[@]}")
  log "round $round: $config"
  local base="http://127.0.0.1:$PORT"
  local start_ns end_ns
  start_ns=$(date +%s%N)
  env $(otlp_env "$SINK_PORT") "$JAVA" $JAVA_OPTS "${nmt[@]}" "${agent[@]}" -jar "$APP_JAR" --port "$PORT" > "$OUT/$name.log" 2>&1 &
  APP_PID=$!

  await_answer "$APP_PID" "$base/checkout" 120 "$config" "$OUT/$name.log"
  end_ns=$(date +%s%N)
  local cpu_at_start
  cpu_at_start=$(cpu_ticks "$APP_PID")
  local startup_s startup_cpu_s
  startup_s=$(awk -v a="$start_ns" -v b="$end_ns" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
  startup_cpu_s=$(awk -v t="$cpu_at_start" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }')
  sleep "$IDLE_WAIT"
  local nonheap
  nonheap=$(nonheap_mib "$APP_PID")
  [ "$NMT" = off ] || "$JCMD" "$APP_PID" VM.native_memory summary scale=KB > "$OUT/$name.nmt.txt" 2>&1 || true

  local warmed=$WARMUP jit_step=""
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$base/checkout" > "$OUT/$name.warmup.txt" 2>&1
  while [ "$warmed" -lt "$WARMUP_MAX" ]; do
    jit_step=$(jit_ticks "$APP_PID")
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP_STEP}s" "$base/checkout" >> "$OUT/$name.warmup.txt" 2>&1
    warmed=$(( warmed + WARMUP_STEP ))
    jit_step=$(( ($(jit_ticks "$APP_PID") - jit_step) * 100 / CLK_TCK / WARMUP_STEP ))
    [ "$jit_step" -gt "$JIT_QUIET" ] || break
  done
  [ -z "$jit_step" ] || [ "$jit_step" -le "$JIT_QUIET" ] || log "  $config: the JIT still used ${jit_step}% of a CPU after ${warmed}s of warm-up"

  local app_before sink_before cpu_before app_after sink_after cpu_after jit_before jit_after
  app_before=$(curl -s "$base/stats")
  sink_before=$(curl -s "http://127.0.0.1:$SINK_PORT/stats")
  cpu_before=$(cpu_ticks "$APP_PID")
  jit_before=$(jit_ticks "$APP_PID")
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$base/checkout" > "$OUT/$name.wrk.txt" 2>&1
  cpu_after=$(cpu_ticks "$APP_PID")
  jit_after=$(jit_ticks "$APP_PID")
  app_after=$(curl -s "$base/stats")
  sink_after=$(curl -s "http://127.0.0.1:$SINK_PORT/stats")
  local rss_kb
  rss_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$APP_PID/status")

  kill -TERM "$APP_PID" 2>/dev/null || true
  for _ in $(seq 200); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$APP_PID" 2>/dev/null || true
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=""

  local wrk_out="$OUT/$name.wrk.txt"
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$wrk_out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$wrk_out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$wrk_out")")
  errors=$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$wrk_out")
  [ "$errors" = 0 ] || log "  $config: $errors failed requests in the window (see $wrk_out)"

  local checkouts bytes spans
  checkouts=$(( $(field "$app_after" checkouts) - $(field "$app_before" checkouts) ))
  bytes=$(( $(field "$app_after" allocated_bytes) - $(field "$app_before" allocated_bytes) ))
  spans=$(( $(field "$sink_after" spans) - $(field "$sink_before" spans) ))
  [ "$checkouts" -gt 0 ] || die "$config: no checkout completed in the measured window (see $wrk_out)"
  local row
  row=$(awk -v c="$checkouts" -v b="$bytes" -v s="$spans" -v t=$(( cpu_after - cpu_before )) -v hz="$CLK_TCK" \
    -v rss="$rss_kb" 'BEGIN { printf "%.0f,%.1f,%.0f,%.2f", t / hz * 1e6 / c, rss / 1024, b / c / 1024, s / c }')
  local jit
  jit=$(awk -v c="$checkouts" -v t=$(( jit_after - jit_before )) -v hz="$CLK_TCK" 'BEGIN { printf "%.0f", t / hz * 1e6 / c }')
  echo "$round,$config,$startup_s,$startup_cpu_s,$rps,$p50,$p99,$row,$errors,$jit,$nonheap,$warmed" >> "$RESULTS"
  log "  startup ${startup_s}s (cpu ${startup_cpu_s}s), warm after ${warmed}s, non-heap ${nonheap} MiB, ${rps} req/s, p50 ${p50} ms, p99 ${p99} ms, row $row"
}

# ------------------------------------------------------------------ the rounds

read -r -a configs <<<"$CONFIGS"
log "results in $OUT; $ROUNDS rounds of ${#configs[@]} configurations, at least ${WARMUP}s warm-up (until the JIT is quiet) + ${DURATION}s measured each"
for round in $(seq "$ROUNDS"); do
  n=${#configs[@]}
  for i in $(seq 0 $(( n - 1 ))); do
    run_one "$round" "${configs[$(( (i + round - 1) % n ))]}"
  done
done

# ------------------------------------------------------------------ the table

median() { # config column -> median over the rounds
  awk -F, -v c="$1" -v k="$2" 'NR > 1 && $2 == c { print $k }' "$RESULTS" | sort -g |
    awk '{ a[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
jar_mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1e6 }'; }
# figure name | column | format
rows=(
  "Startup to first response (s)|3|%.2f"
  "CPU used by then (s)|4|%.2f"
  "Throughput (requests/s)|5|%.0f"
  "Latency p50 (ms)|6|%.2f"
  "Latency p99 (ms)|7|%.2f"
  "CPU per request (µs)|8|%.0f"
  "of which JIT compiler threads (µs)|13|%.0f"
  "Warm-up until the JIT was quiet (s)|16|%.0f"
  "Peak RSS (MiB)|9|%.0f"
  "Non-heap after start-up, idle (MiB)|14|%.1f"
  "of which not the GC's structures (MiB)|15|%.1f"
  "Heap allocated per request (KiB)|10|%.0f"
  "Spans received per request|11|%.1f"
)
{
  echo
  header="| |"; rule="|---|"
  for c in "${configs[@]}"; do header="$header $(label "$c") |"; rule="$rule---|"; done
  echo "$header"; echo "$rule"
  for spec in "${rows[@]}"; do
    IFS='|' read -r title col fmt <<<"$spec"
    line="| $title |"
    base=$(median none "$col")
    for c in "${configs[@]}"; do
      v=$(median "$c" "$col")
      cell=$(awk -v v="$v" -v f="$fmt" 'BEGIN { if (v == "") print "-"; else printf f, v }')
      if [ "$c" != none ] && [ -n "$base" ] && [ -n "$v" ] && [ "$col" != 11 ] && [ "$col" != 13 ] && [ "$col" != 16 ]; then
        cell="$cell ($(awk -v v="$v" -v b="$base" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.2fx", v / b }'))"
      fi
      line="$line $cell |"
    done
    echo "$line"
  done
  line="| Agent jar (MB) |"
  for c in "${configs[@]}"; do
    case "$c" in
      none) line="$line - |" ;; spanwise) line="$line $(jar_mb "$SPANWISE_JAR") |" ;; spanwise-base) line="$line $(jar_mb "$SPANWISE_BASE_JAR") |" ;; spanwise-5%*) line="$line $(jar_mb "$SPANWISE_JAR") |" ;; otel) line="$line $(jar_mb "$OTEL_JAR") |" ;;
    esac
  done
  echo "$line"
  echo
  echo "Medians of $ROUNDS rounds; ratio to no agent in brackets. At least $WARMUP s warm-up, until the JIT compiler threads used at most $JIT_QUIET% of a CPU for ${WARMUP_STEP} s; $DURATION s measured, wrk -t$WRK_THREADS -c$CONNECTIONS;"
  echo "JVM options: $JAVA_OPTS; $("$JAVA" -version 2>&1 | head -1); $(nproc) CPUs ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo));"
  echo "load average (1, 5, 15 min) at the start: $LOAD_AT_START, at the end: $(cut -d' ' -f1-3 /proc/loadavg) (above 0.5 or so, something else ran: figures are indicative)."

  if [[ " $CONFIGS " == *" none "* && " $CONFIGS " == *" spanwise "* && " $CONFIGS " == *" otel "* ]]; then
    echo
    echo "Budgets:"
    awk -v sn="$(median none 3)" -v ss="$(median spanwise 3)" -v so="$(median otel 3)" \
        -v rn="$(median none 5)" -v rs="$(median spanwise 5)" \
        -v mn="$(median none 9)" -v ms="$(median spanwise 9)" -v mo="$(median otel 9)" \
        -v nhn="$(median none 14)" -v nhs="$(median spanwise 14)" \
        -v ngn="$(median none 15)" -v ngs="$(median spanwise 15)" \
        -v an="$(median none 10)" -v as="$(median spanwise 10)" -v r5="$(median spanwise-5% 5)" \
        -v jar="$(stat -c %s "$SPANWISE_JAR")" 'BEGIN {
      share = (so - sn) > 0 ? (ss - sn) / (so - sn) * 100 : 0
      printf "- startup added: Spanwise %+.2f s, OpenTelemetry %+.2f s: %.0f%% of it (budget: at most 10%%): %s\n", ss - sn, so - sn, share, (share <= 10 ? "met" : "MISSED")
      keep = rs / rn * 100
      printf "- throughput kept: %.0f%% of no agent (budget: at least 90%%): %s\n", keep, (keep >= 90 ? "met" : "MISSED")
      if (r5 != "") {
        keep = r5 / rn * 100
        printf "- throughput kept at 5%% sampling: %.0f%% of no agent (budget: at least 97%%): %s\n", keep, (keep >= 97 ? "met" : "MISSED")
      }
      printf "- heap allocated per request added: Spanwise %+.0f KiB (budget: at most 4 KiB): %s\n", as - an, (as - an <= 4 ? "met" : "MISSED")
      share = (mo - mn) > 0 ? (ms - mn) / (mo - mn) * 100 : 0
      printf "- peak RSS added: Spanwise %+.0f MiB, OpenTelemetry %+.0f MiB: %.0f%% of it (budget: at most 20%%): %s\n", ms - mn, mo - mn, share, (share <= 20 ? "met" : "MISSED")
      printf "- non-heap after start-up added: Spanwise %+.1f MiB (%+.1f MiB without the GC structures) (budget: at most 30 MiB): %s\n", nhs - nhn, ngs - ngn, (nhs - nhn <= 30 && ngs - ngn <= 30 ? "met" : "MISSED")
      printf "- agent jar: %.1f MB (budget: at most 5 MB): %s\n", jar / 1e6, (jar <= 5e6 ? "met" : "MISSED")
    }'
  fi
} | tee "$OUT/table.md"
log "raw figures: $RESULTS"
