#!/usr/bin/env bash
# Builds Spanwise and runs the demo shop under the agent; each trace is printed on the console as a
# waterfall. Extra arguments go to the demo (e.g. --port 8080 without --self-drive to keep it running).
# With a Kafka broker at $KAFKA_BOOTSTRAP_SERVERS (default 127.0.0.1:9092, e.g. ./kafka-broker.sh in
# another terminal), each checkout also announces the order on a topic and a shipping service reads it
# back: the Kafka hop joins the trace. Without a broker the demo runs as before.
set -euo pipefail
cd "$(dirname "$0")"

mvn -q install -DskipTests

args=("$@")
if [ ${#args[@]} -eq 0 ]; then
  args=(--self-drive)
fi

kafka="${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}"
if (exec 3<>"/dev/tcp/${kafka%:*}/${kafka##*:}") 2>/dev/null; then
  echo "Kafka broker at $kafka: checkouts go through Kafka to the shipping service"
  args+=(--kafka "$kafka")
else
  echo "No Kafka broker at $kafka (./kafka-broker.sh starts one): the demo runs without the Kafka hop"
fi

exec java -javaagent:agent-core/target/spanwise-agent.jar \
  -Dotel.traces.exporter=console \
  -Dotel.service.name=spanwise-demo \
  -jar smoke-tests/demo/target/spanwise-demo.jar "${args[@]}"
