#!/usr/bin/env bash
# Throughput and CPU per request of several configurations, told apart on a machine whose speed drifts.
#
#   benchmarks/interleaved.sh                                  # no agent against Spanwise
#   CONFIGS="none spanwise otel" OTEL_AGENT_VERSION=2.33.1 benchmarks/interleaved.sh
#   CONFIGS="none spanwise spanwise-base" SPANWISE_BASE_JAR=/tmp/base/spanwise-agent.jar benchmarks/interleaved.sh
#
# overhead.sh measures each configuration in its own JVM, one after the other, a minute or more apart.
# On a shared VM the machine's own speed moves more than that between two windows (no agent served
# 8,650 and 9,595 requests/s in two rounds of one run), so a 10 % difference is not resolved. Here every
# configuration's JVM runs at once, each with its own loopback OTLP sink, and the load moves from one
# to the next in short windows: cycle after cycle, each configuration gets WINDOW seconds of wrk while
# the others idle. Each cycle's ratio to no agent compares windows seconds apart, and the median of
# the cycles' ratios is the figure; the spread of the ratios says how well it is resolved.
#
# Per configuration: requests/s (wrk), the JVM's CPU per request and the sink's (/proc/<pid>/stat over
# the window, divided by the checkouts the service counted), heap allocated per request (the service's
# /stats), spans per request (its sink's /stats). Start-up and memory are overhead.sh's.
#
# Settings: CONFIGS="none spanwise" CYCLES=10 WINDOW=10 WARMUP=60 WARMUP_MAX=400 JIT_QUIET=5
# CONNECTIONS=16 WRK_THREADS=1 JAVA_OPTS="-Xmx512m" PORT=18080 SINK_PORT=14318 (configuration i uses
# PORT+i and SINK_PORT+i) OTEL_AGENT_VERSION=2.21.0 SPANWISE_BASE_JAR=... SPANWISE_BASE_OPTS=... (as in overhead.sh)
# Needs the jars built (mvn -q install -DskipTests -pl agent-dist,benchmarks/app -am), curl and wrk.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CONFIGS="${CONFIGS:-none spanwise}"
CYCLES="${CYCLES:-10}"
WINDOW="${WINDOW:-10}"
WARMUP="${WARMUP:-60}"
WARMUP_MAX="${WARMUP_MAX:-400}"
JIT_QUIET="${JIT_QUIET:-5}"
CONNECTIONS="${CONNECTIONS:-16}"
WRK_THREADS="${WRK_THREADS:-1}"
JAVA_OPTS="${JAVA_OPTS:--Xmx512m}"
PORT="${PORT:-18080}"
SINK_PORT="${SINK_PORT:-14318}"
OTEL_AGENT_VERSION="${OTEL_AGENT_VERSION:-2.21.0}"
JAVA="${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/java}}"
JAVA="${JAVA:-$(command -v java)}"
OUT="$ROOT/benchmarks/target/interleaved/$(date +%Y%m%d-%H%M%S)"

die() { echo "interleaved: $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
. "$ROOT/benchmarks/common.sh"

check_prerequisites
read -r -a configs <<<"$CONFIGS"
[[ " $CONFIGS " == *" none "* ]] || die "CONFIGS must include none: every ratio is to it"
n=${#configs[@]}
for i in $(seq 0 $(( n - 1 ))); do
  port_free $(( PORT + i )) || die "port $(( PORT + i )) is in use (set PORT)"
  port_free $(( SINK_PORT + i )) || die "port $(( SINK_PORT + i )) is in use (set SINK_PORT)"
done
mkdir -p "$OUT"
RESULTS="$OUT/windows.csv"
echo "cycle,config,rps,checkouts,cpu_us_per_req,sink_cpu_us_per_req,alloc_kib_per_req,spans_per_req,jit_us_per_req" > "$RESULTS"
LOAD_AT_START="$(cut -d' ' -f1-3 /proc/loadavg)"

declare -a APP SINK
cleanup() { kill "${APP[@]}" "${SINK[@]}" 2>/dev/null || true; }
trap cleanup EXIT

# ------------------------------------------------------------------ every configuration's JVM, at once

for i in $(seq 0 $(( n - 1 ))); do
  config=${configs[$i]}
  start_sink $(( SINK_PORT + i )) "$OUT/$config.sink.log"
  SINK[$i]=$SINK_STARTED
  agent_args "$config"
  env $(otlp_env $(( SINK_PORT + i ))) "$JAVA" $JAVA_OPTS "${AGENT_ARGS[@]}" -jar "$APP_JAR" \
    --port $(( PORT + i )) > "$OUT/$config.log" 2>&1 &
  APP[$i]=$!
  await_answer "${APP[$i]}" "http://127.0.0.1:$(( PORT + i ))/checkout" 120 "$config" "$OUT/$config.log"
  log "$config answers on port $(( PORT + i ))"
done

# one window of load on configuration i; appends a line to RESULTS (cycle 0 and below: warm-up, not kept)
window() {
  local cycle=$1 i=$2 seconds=$3
  local config=${configs[$i]} base="http://127.0.0.1:$(( PORT + i ))" sink="http://127.0.0.1:$(( SINK_PORT + i ))"
  local app_before sink_before cpu_before sink_cpu_before jit_before rps
  app_before=$(curl -s "$base/stats"); sink_before=$(curl -s "$sink/stats")
  cpu_before=$(cpu_ticks "${APP[$i]}"); sink_cpu_before=$(cpu_ticks "${SINK[$i]}"); jit_before=$(jit_ticks "${APP[$i]}")
  rps=$(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${seconds}s" "$base/checkout" | awk '/^Requests\/sec:/ { print $2 }')
  local app_after sink_after
  app_after=$(curl -s "$base/stats"); sink_after=$(curl -s "$sink/stats")
  awk -v cycle="$cycle" -v config="$config" -v rps="$rps" -v hz="$CLK_TCK" \
    -v c=$(( $(field "$app_after" checkouts) - $(field "$app_before" checkouts) )) \
    -v b=$(( $(field "$app_after" allocated_bytes) - $(field "$app_before" allocated_bytes) )) \
    -v s=$(( $(field "$sink_after" spans) - $(field "$sink_before" spans) )) \
    -v t=$(( $(cpu_ticks "${APP[$i]}") - cpu_before )) -v st=$(( $(cpu_ticks "${SINK[$i]}") - sink_cpu_before )) \
    -v jt=$(( $(jit_ticks "${APP[$i]}") - jit_before )) 'BEGIN {
      if (c == 0) c = 1
      printf "%d,%s,%s,%d,%.1f,%.1f,%.2f,%.2f,%.1f\n", cycle, config, rps, c, t / hz * 1e6 / c, st / hz * 1e6 / c,
        b / c / 1024, s / c, jt / hz * 1e6 / c }' >> "$RESULTS"
}

# ------------------------------------------------------------------ warm-up, interleaved too

# Every JVM gets WARMUP seconds of load, then more, a window at a time, until its JIT compiler threads
# used at most JIT_QUIET % of a CPU in its last window (or WARMUP_MAX seconds).
log "warming up: at least ${WARMUP}s each, until the JIT is quiet"
declare -a warmed quiet
for i in $(seq 0 $(( n - 1 ))); do warmed[$i]=0; quiet[$i]=0; done
cycle=0
while :; do
  cycle=$(( cycle - 1 )); busy=0
  for i in $(seq 0 $(( n - 1 ))); do
    [ "${quiet[$i]}" = 1 ] && continue
    busy=1
    window "$cycle" "$i" 15
    warmed[$i]=$(( warmed[i] + 15 ))
    jit=$(tail -1 "$RESULTS" | awk -F, -v w=15 '{ printf "%d", $9 * $4 / 1e6 / w * 100 }')
    if [ "${warmed[$i]}" -ge "$WARMUP" ] && { [ "$jit" -le "$JIT_QUIET" ] || [ "${warmed[$i]}" -ge "$WARMUP_MAX" ]; }; then
      quiet[$i]=1
      log "  ${configs[$i]}: warm after ${warmed[$i]}s (JIT ${jit}% of a CPU in the last 15 s)"
    fi
  done
  [ "$busy" = 1 ] || break
done

# ------------------------------------------------------------------ the measured cycles

log "$CYCLES cycles of ${WINDOW}s per configuration"
for cycle in $(seq "$CYCLES"); do
  for k in $(seq 0 $(( n - 1 ))); do
    window "$cycle" $(( (k + cycle - 1) % n )) "$WINDOW"  # the order rotates from cycle to cycle
  done
done

# ------------------------------------------------------------------ the table

{
  echo
  echo "| |$(for c in "${configs[@]}"; do printf " %s |" "$(label "$c")"; done)"
  echo "|---|$(for _ in "${configs[@]}"; do printf -- '---|'; done)"
  awk -F, -v order="$CONFIGS" '
    function sorted(list, a,   m, i, j, v) { # into a[1..m], ascending (mawk has no asort)
      m = split(list, a, " ")
      for (i = 2; i <= m; i++) { v = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > v; j--) a[j + 1] = a[j]; a[j + 1] = v }
      return m }
    function median(list,   a, m) { m = sorted(list, a); return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2 }
    function lo(list,   a) { sorted(list, a); return a[1] }
    function hi(list,   a, m) { m = sorted(list, a); return a[m] }
    NR > 1 && $1 > 0 { rps[$1, $2] = $3; cpu[$1, $2] = $5; sinkc[$1, $2] = $6; checkouts[$2] += $4
      alloc[$2] += $7 * $4; spans[$2] += $8 * $4; cycles[$1] = 1 }
    END {
      n = split(order, cfg, " ")
      for (i = 1; i <= n; i++) { c = cfg[i]; r = ""; rr = ""; u = ""; ur = ""; s = ""
        for (k in cycles) {
          r = r " " rps[k, c]; u = u " " cpu[k, c]; s = s " " sinkc[k, c]
          if (c != "none") { rr = rr " " rps[k, c] / rps[k, "none"]; ur = ur " " cpu[k, c] / cpu[k, "none"] }
        }
        thr[c] = sprintf("%.0f", median(r)) (c == "none" ? "" : sprintf(" (%.2fx; cycles %.2f to %.2f)", median(rr), lo(rr), hi(rr)))
        cp[c] = sprintf("%.0f", median(u)) (c == "none" ? "" : sprintf(" (%.2fx; cycles %.2f to %.2f)", median(ur), lo(ur), hi(ur)))
        sk[c] = sprintf("%.1f", median(s)); al[c] = sprintf("%.1f", alloc[c] / checkouts[c]); sp[c] = sprintf("%.2f", spans[c] / checkouts[c])
      }
      line("Throughput (requests/s), median of the cycles; ratio: median of the cycles\x27 ratios", thr)
      line("CPU per request (µs)", cp)
      line("OTLP sink CPU per request (µs, another process)", sk)
      line("Heap allocated per request (KiB)", al)
      line("Spans received per request", sp)
    }
    function line(title, v,   i, out) { out = "| " title " |"; for (i = 1; i <= n; i++) out = out " " v[cfg[i]] " |"; print out }
  ' "$RESULTS"
  echo
  echo "$CYCLES cycles of ${WINDOW} s per configuration, all JVMs running, the load moved from one to the next; wrk -t$WRK_THREADS -c$CONNECTIONS;"
  echo "JVM options: $JAVA_OPTS; $("$JAVA" -version 2>&1 | head -1); $(nproc) CPUs ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo));"
  echo "load average (1, 5, 15 min) at the start: $LOAD_AT_START, at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
} | tee "$OUT/table.md"
log "every window: $RESULTS"
