#!/usr/bin/env bash
# Builds Spanwise and runs the demo shop under the agent; each trace is printed on the console as a
# waterfall. Extra arguments go to the demo (e.g. --port 8080 without --self-drive to keep it running).
set -euo pipefail
cd "$(dirname "$0")"

mvn -q install -DskipTests

args=("$@")
if [ ${#args[@]} -eq 0 ]; then
  args=(--self-drive)
fi

exec java -javaagent:agent-core/target/spanwise-agent.jar \
  -Dotel.traces.exporter=console \
  -Dotel.service.name=spanwise-demo \
  -jar smoke-tests/demo/target/spanwise-demo.jar "${args[@]}"
