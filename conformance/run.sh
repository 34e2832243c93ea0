#!/usr/bin/env bash
# Runs the W3C conformance suites themselves against Spanwise (see conformance/README.md):
#   trace-context: w3c/trace-context test/test.py, SPEC_LEVEL=2 STRICT_LEVEL=2, against a Tomcat service
#                  run with -javaagent:spanwise-agent.jar that forwards each call with each HTTP client;
#   baggage:       w3c/baggage test/test_baggage.py, its Baggage/BaggageEntry read and written through the
#                  same service (what Spanwise receives is sent on by the agent, read back by the suite).
# Usage: conformance/run.sh [trace-context|baggage|all]     (default all)
# Env:   TRACE_CONTEXT_DIR, BAGGAGE_DIR  checkouts of w3c/trace-context and w3c/baggage (cloned into
#        target/conformance when unset); CLIENTS (default: all four); PORT (default 5000); PYTHON.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/target/conformance
mkdir -p "$WORK"
WHAT=${1:-all}
PORT=${PORT:-5000}
CLIENTS=${CLIENTS:-"java-http-client http-url-connection apache-httpclient-4 apache-httpclient-5"}

# a Python 3 with aiohttp (the trace-context harness needs it; Debian: apt-get install python3-aiohttp)
if [ -z "${PYTHON:-}" ]; then
  for p in python3 /usr/bin/python3; do
    if "$p" -c 'import aiohttp' 2>/dev/null; then PYTHON=$p; break; fi
  done
fi
[ -n "${PYTHON:-}" ] || { echo "no python3 with aiohttp found (apt-get install python3-aiohttp)"; exit 2; }

suite() { # name repo -> dir
  local var=$1 repo=$2 dir
  dir=${!var:-}
  if [ -z "$dir" ]; then
    dir=$WORK/$(basename "$repo")
    [ -d "$dir" ] || git clone -q --depth 1 "https://github.com/$repo" "$dir"
  fi
  echo "$dir"
}

AGENT=$ROOT/agent-dist/target/spanwise-agent.jar
if [ ! -f "$AGENT" ] || [ ! -d instrumentation/http-client-tests/target/test-classes/org/example/conformance ]; then
  mvn -B -o -q package -DskipTests -pl agent-dist,instrumentation/http-client-tests -am
fi
# the service's class path: its test classes, Tomcat and the HTTP clients; not the agent's own libraries
if [ ! -f "$WORK/classpath.txt" ]; then
  mvn -B -o -q dependency:build-classpath -pl instrumentation/http-client-tests \
    -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.all.txt" >/dev/null
  tr ':' '\n' < "$WORK/classpath.all.txt" \
    | grep -E '/(org/apache/tomcat|org/apache/httpcomponents|commons-logging|commons-codec|org/slf4j)/' \
    | paste -sd: > "$WORK/classpath.txt"
fi
CP=$ROOT/instrumentation/http-client-tests/target/test-classes:$(cat "$WORK/classpath.txt")

SERVICE_PID=
stop_service() { if [ -n "$SERVICE_PID" ]; then kill "$SERVICE_PID" 2>/dev/null || true; wait "$SERVICE_PID" 2>/dev/null || true; SERVICE_PID=; fi; }
trap stop_service EXIT
start_service() {
  rm -f "$WORK/service.log"
  java -javaagent:"$AGENT" -Dotel.traces.exporter=none -Dotel.service.name=w3c-conformance \
    -cp "$CP" org.example.conformance.ConformanceService "$PORT" > "$WORK/service.log" 2>&1 &
  SERVICE_PID=$!
  for _ in $(seq 1 120); do
    grep -q "^conformance service listening" "$WORK/service.log" 2>/dev/null \
      && (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && return 0
    kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$WORK/service.log"; exit 1; }
    sleep 0.5
  done
  echo "service did not start"; cat "$WORK/service.log"; exit 1
}

summary=()
start_service

if [ "$WHAT" = all ] || [ "$WHAT" = trace-context ]; then
  TC=$(suite TRACE_CONTEXT_DIR w3c/trace-context)
  for client in $CLIENTS; do
    log=$WORK/trace-context-$client.log
    ( cd "$TC/test" && SPEC_LEVEL=2 STRICT_LEVEL=2 HARNESS_PORT=${HARNESS_PORT:-7777} \
        "$PYTHON" test.py "http://127.0.0.1:$PORT/test?client=$client" ) > "$log" 2>&1 || true
    ran=$(grep -Eo '^Ran [0-9]+ tests?' "$log" | grep -Eo '[0-9]+' || echo 0)
    bad=$(grep -Eo '(failures|errors)=[0-9]+' "$log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}' || true)
    skipped=$(grep -Eo 'skipped=[0-9]+' "$log" | grep -Eo '[0-9]+' || echo 0)
    passed=$((ran - ${bad:-0} - skipped))
    summary+=("trace-context ($client): $passed of $ran passed, ${skipped} skipped   [$log]")
  done
fi

if [ "$WHAT" = all ] || [ "$WHAT" = baggage ]; then
  BG=$(suite BAGGAGE_DIR w3c/baggage)
  shim=$WORK/baggage-shim
  rm -rf "$shim" && mkdir -p "$shim"
  cp "$BG/test/test_baggage.py" "$shim/"
  cp "$ROOT/conformance/baggage_through_spanwise.py" "$shim/baggage.py"
  log=$WORK/baggage.log
  ( cd "$shim" && REFERENCE_BAGGAGE="$BG/test/baggage/baggage.py" SERVICE_ENDPOINT="http://127.0.0.1:$PORT/test" \
      "$PYTHON" -m unittest -v test_baggage ) > "$log" 2>&1 || true
  ran=$(grep -Eo '^Ran [0-9]+ tests?' "$log" | grep -Eo '[0-9]+' || echo 0)
  bad=$(grep -Eo '(failures|errors)=[0-9]+' "$log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}' || true)
  summary+=("baggage: $((ran - ${bad:-0})) of $ran passed   [$log]")
fi

stop_service
printf '%s\n' "${summary[@]}"
