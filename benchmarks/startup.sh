#!/usr/bin/env bash
# Start-up added by an agent, launch to an application's first answer, configurations started one after
# the other in each round. Two applications:
#   APP=spring-boot (default): the smoke tests' Spring Boot shop as an executable jar (nested-jar class
#     loader, Spring MVC, JdbcTemplate and Spring Data JDBC on H2 behind HikariCP, Actuator; its Kafka
#     part stays off), to the first answer of GET /items/mug;
#   APP=service: the benchmark service of overhead.sh (embedded Tomcat, H2, the JDK HttpClient), to the
#     first answer of GET /checkout (overhead.sh measures the same, once per round, between its load runs).
#
#   benchmarks/startup.sh                                              # the shop: no agent against Spanwise
#   CONFIGS="none spanwise otel" OTEL_AGENT_VERSION=2.33.1 ROUNDS=10 benchmarks/startup.sh
#   APP=service ROUNDS=6 benchmarks/startup.sh
#   # the same jar with other options, as spanwise-base: e.g. every module off (the agent without weaving)
#   APP=service CONFIGS="none spanwise spanwise-base" SPANWISE_BASE_JAR=agent-dist/target/spanwise-agent.jar \
#     SPANWISE_BASE_OPTS="-Dotel.instrumentation.common.default-enabled=false" benchmarks/startup.sh
#
# A round starts each configuration once, one after the other; the figure is the median over the rounds
# of each round's difference to no agent. An application's start alone moves from one start to the next
# on a shared VM (Spring Boot's by seconds: 4.7 to 9.1 s in one session), often more than the agent
# adds, so only differences within a round are compared, and the spread of those differences says how
# well the median is resolved. Each start exports to a loopback OTLP sink, with the same settings as
# overhead.sh. With SPANWISE_BASE_OPTS="-Dotel.javaagent.debug=true" each start's log
# (benchmarks/target/startup/...) says how long main waited at the start-up gate and what weaving each
# class took.
#
# Settings: APP=spring-boot|service CONFIGS="none spanwise" ROUNDS=10 JAVA_OPTS="-Xmx512m"
# PORT=18095 SINK_PORT=14318 OTEL_AGENT_VERSION=2.21.0 SPANWISE_BASE_JAR=... SPANWISE_BASE_OPTS=...
# (as in overhead.sh)
# Needs the jars built: mvn -q install -DskipTests -pl agent-dist,benchmarks/app,smoke-tests/apps/spring-boot -am
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CONFIGS="${CONFIGS:-none spanwise}"
ROUNDS="${ROUNDS:-10}"
JAVA_OPTS="${JAVA_OPTS:--Xmx512m}"
PORT="${PORT:-18095}"
SINK_PORT="${SINK_PORT:-14318}"
OTEL_AGENT_VERSION="${OTEL_AGENT_VERSION:-2.21.0}"
JAVA="${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/java}}"
JAVA="${JAVA:-$(command -v java)}"
APP="${APP:-spring-boot}"
OUT="$ROOT/benchmarks/target/startup/$APP-$(date +%Y%m%d-%H%M%S)"
SHOP_JAR="$ROOT/smoke-tests/apps/spring-boot/target/spring-shop.jar"

die() { echo "startup: $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
. "$ROOT/benchmarks/common.sh"

# the application: its jar, its arguments, the URL of its first answer, its name in the table
case "$APP" in
  spring-boot) TARGET_JAR="$SHOP_JAR"; TARGET_ARGS=(--server.port="$PORT"); ANSWER="/items/mug"
    WHAT="Spring Boot shop"; SERVICE_NAME=spring-shop ;;
  service) TARGET_JAR="$APP_JAR"; TARGET_ARGS=(--port "$PORT"); ANSWER="/checkout"
    WHAT="Benchmark service"; SERVICE_NAME=benchmark-app ;;
  *) die "unknown APP $APP (spring-boot, service)" ;;
esac
for jar in "$SPANWISE_JAR" "$APP_JAR" "$TARGET_JAR"; do
  [ -f "$jar" ] || die "$jar is missing; build it: mvn -q install -DskipTests -pl agent-dist,benchmarks/app,smoke-tests/apps/spring-boot -am"
done
command -v curl >/dev/null || die "curl is needed"
ensure_otel_agent
read -r -a configs <<<"$CONFIGS"
[ "${configs[0]}" = none ] || die "CONFIGS must begin with none: every difference is to it"
port_free "$PORT" || die "port $PORT is in use (set PORT)"
port_free "$SINK_PORT" || die "port $SINK_PORT is in use (set SINK_PORT)"
mkdir -p "$OUT"
RESULTS="$OUT/starts.csv"
echo "round,config,first_answer_ms,cpu_s" > "$RESULTS"

start_sink "$SINK_PORT" "$OUT/sink.log"
SINK="$SINK_STARTED"
APP_PID=""
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true
  kill "$SINK" 2>/dev/null || true
}
trap cleanup EXIT

# one start of the application; appends its row to RESULTS
start_once() {
  local round=$1 config=$2 t0 t1 ticks
  agent_args "$config"
  t0=$(date +%s%N)
  env $(otlp_env "$SINK_PORT") OTEL_SERVICE_NAME="$SERVICE_NAME" \
    "$JAVA" $JAVA_OPTS "${AGENT_ARGS[@]}" -jar "$TARGET_JAR" "${TARGET_ARGS[@]}" \
    > "$OUT/$config-$round.log" 2>&1 &
  APP_PID=$!
  await_answer "$APP_PID" "http://127.0.0.1:$PORT$ANSWER" 120 "$config" "$OUT/$config-$round.log"
  t1=$(date +%s%N)
  ticks=$(cpu_ticks "$APP_PID")
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
  echo "$round,$config,$(( (t1 - t0) / 1000000 )),$(awk -v t="$ticks" -v c="$CLK_TCK" 'BEGIN { printf "%.2f", t / c }')" >> "$RESULTS"
}

log "$ROUNDS rounds of: $CONFIGS ($("$JAVA" -version 2>&1 | head -1))"
for round in $(seq "$ROUNDS"); do
  for config in "${configs[@]}"; do
    start_once "$round" "$config"
  done
  log "round $round: $(awk -F, -v r="$round" '$1 == r { printf "%s %d ms  ", $2, $3 }' "$RESULTS")"
done

# per configuration: median first answer and CPU, and the median (with range) of the per-round differences
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo
echo "$WHAT, launch to the first answer of GET $ANSWER, $ROUNDS rounds (rows in $RESULTS)"
printf '%-40s %12s %10s %30s\n' "" "first answer" "CPU by then" "difference to no agent (range)"
for config in "${configs[@]}"; do
  first=$(awk -F, -v c="$config" '$2 == c { print $3 }' "$RESULTS" | median)
  cpu=$(awk -F, -v c="$config" '$2 == c { print $4 }' "$RESULTS" | median)
  diffs=$(awk -F, -v c="$config" 'NR > 1 { t[$1 "," $2] = $3; r[$1] = 1 }
    END { for (i in r) if ((i "," c) in t && (i ",none") in t) print t[i "," c] - t[i ",none"] }' "$RESULTS")
  range=$(sort -n <<<"$diffs" | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%d to %d", lo, hi }')
  printf '%-40s %9.0f ms %8.2f s %+12.0f ms (%s)\n' "$(label "$config")" "$first" "$cpu" "$(median <<<"$diffs")" "$range"
done
