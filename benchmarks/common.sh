# Shared by overhead.sh and interleaved.sh (sourced, not run): the jars, the configurations' JVM
# options, the readings from /proc, and the tools the harnesses need. Expects ROOT, JAVA, CONFIGS and
# OTEL_AGENT_VERSION to be set, and die and log to be defined.

CLK_TCK="$(getconf CLK_TCK)"
SPANWISE_JAR="$ROOT/agent-dist/target/spanwise-agent.jar"
APP_JAR="$ROOT/benchmarks/app/target/benchmark-app.jar"
AGENTS_DIR="$ROOT/benchmarks/target/agents"
OTEL_JAR="$AGENTS_DIR/opentelemetry-javaagent-$OTEL_AGENT_VERSION.jar"

# the built jars and curl; wrk and the OpenTelemetry agent's jar are fetched when missing
check_prerequisites() {
  local jar
  for jar in "$SPANWISE_JAR" "$APP_JAR"; do
    [ -f "$jar" ] || die "$jar is missing; build it: mvn -q install -DskipTests -pl agent-dist,benchmarks/app -am"
  done
  command -v curl >/dev/null || die "curl is needed"
  ensure_wrk
  ensure_otel_agent
}

# config -> the agent's JVM options, in the array AGENT_ARGS
agent_args() {
  case "$1" in
    none) AGENT_ARGS=() ;;
    spanwise) AGENT_ARGS=("-javaagent:$SPANWISE_JAR") ;;
    spanwise-base) AGENT_ARGS=("-javaagent:${SPANWISE_BASE_JAR:?set SPANWISE_BASE_JAR for spanwise-base}"
      ${SPANWISE_BASE_OPTS:-}) ;;
    spanwise-5%) AGENT_ARGS=("-javaagent:$SPANWISE_JAR" -Dotel.traces.sampler=parentbased_traceidratio
      -Dotel.traces.sampler.arg=0.05) ;;
    spanwise-5%+keep) AGENT_ARGS=("-javaagent:$SPANWISE_JAR" -Dotel.traces.sampler=parentbased_traceidratio
      -Dotel.traces.sampler.arg=0.05 -Dspanwise.traces.keep-errors=true -Dspanwise.traces.keep-slow=500ms) ;;
    otel) AGENT_ARGS=("-javaagent:$OTEL_JAR") ;;
    *) die "unknown configuration $1 (none, spanwise, spanwise-base, spanwise-5%, spanwise-5%+keep, otel)" ;;
  esac
}

label() {
  case "$1" in
    none) echo "no agent" ;; spanwise) echo "Spanwise" ;; spanwise-base) echo "Spanwise (base jar)" ;; spanwise-5%) echo "Spanwise 5%" ;; spanwise-5%+keep) echo "Spanwise 5% + keep errors/slow" ;; otel) echo "OpenTelemetry agent $OTEL_AGENT_VERSION" ;;
  esac
}

# "key=value key=value" -> value of key
field() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k { print $2 }'; }
# CPU ticks a process has used (utime + stime)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# CPU ticks of the JVM's JIT compiler threads (C1/C2 CompilerThread<n>)
jit_ticks() {
  local total=0 t
  for t in /proc/"$1"/task/*; do
    if grep -q '^C[12] CompilerThre' "$t/comm" 2>/dev/null; then
      total=$(( total + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "$t/stat" 2>/dev/null || echo 0) ))
    fi
  done
  echo "$total"
}

ensure_wrk() {
  command -v wrk >/dev/null && return
  log "installing wrk (apt-get)"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 || {
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
  }
}

# the OpenTelemetry agent's jar, from Maven Central (or ~/.m2), when CONFIGS has otel
ensure_otel_agent() {
  [[ " $CONFIGS " == *" otel "* ]] && [ ! -f "$OTEL_JAR" ] || return 0
  log "fetching io.opentelemetry.javaagent:opentelemetry-javaagent:$OTEL_AGENT_VERSION"
  local copy=(org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy
    "-Dartifact=io.opentelemetry.javaagent:opentelemetry-javaagent:$OTEL_AGENT_VERSION"
    "-DoutputDirectory=$AGENTS_DIR")
  (cd "$ROOT" && { mvn -q -o -N "${copy[@]}" >/dev/null 2>&1 || mvn -q -N "${copy[@]}"; }) \
    || die "cannot fetch the OpenTelemetry agent"
}

# waits until a GET of url answers 200; dies when the process exits first or after timeout seconds
await_answer() {
  local pid=$1 url=$2 timeout=$3 what=$4 logfile=$5
  local deadline=$(( $(date +%s) + timeout ))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 "$url" || true)" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || die "$what exited before answering (see $logfile)"
    [ "$(date +%s)" -lt "$deadline" ] || die "$what did not answer within $timeout s (see $logfile)"
    sleep 0.02
  done
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# starts a loopback OTLP sink on a port and waits for it; its pid in SINK_STARTED
start_sink() {
  local port=$1 logfile=$2
  "$JAVA" -Xmx256m -XX:+UseSerialGC -cp "$APP_JAR" io.spanwise.benchmarks.app.OtlpSink "$port" > "$logfile" 2>&1 &
  SINK_STARTED=$!
  for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/stats" && return
    sleep 0.1
  done
  die "the OTLP sink did not start (see $logfile)"
}

# the same OTLP settings for every agent: traces over http/protobuf to a sink, no metrics or logs
otlp_env() {
  echo OTEL_SERVICE_NAME=benchmark-app OTEL_TRACES_EXPORTER=otlp OTEL_METRICS_EXPORTER=none \
    OTEL_LOGS_EXPORTER=none OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
    OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$1"
}
