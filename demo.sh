#!/usr/bin/env bash
# Builds Spanwise and runs the demo shop under the agent; each trace is printed on the console as a
# waterfall. A second demo process plays the shipping service: the shop's GET /ship calls its
# GET /quote over HTTP, so that trace crosses two services (same trace id in both outputs, the shipping
# service's SERVER span a child of the shop's CLIENT span). The same process also serves the shipping
# service over gRPC (port $SHIPPING_GRPC_PORT, default 8082): each checkout first asks it for a shipping
# quote (shipping.Shipping/Quote), so every checkout trace crosses both services through gRPC metadata
# too. With a Kafka broker at
# $KAFKA_BOOTSTRAP_SERVERS (default 127.0.0.1:9092, e.g. ./kafka-broker.sh in another terminal), each
# checkout also announces the order on a topic and a shipping worker reads it back: the Kafka hop joins
# the trace. Without a broker the demo runs without that hop. Extra arguments go to the shop
# (e.g. --port 8080 without --self-drive to keep it running).
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

SHIPPING_PORT=${SHIPPING_PORT:-8081}
SHIPPING_GRPC_PORT=${SHIPPING_GRPC_PORT:-8082}
shipping_log=$(mktemp)
env -u KAFKA_BOOTSTRAP_SERVERS java -javaagent:agent-dist/target/spanwise-agent.jar \
  -Dotel.traces.exporter=console \
  -Dotel.service.name=spanwise-shipping \
  -jar smoke-tests/demo/target/spanwise-demo.jar --port "$SHIPPING_PORT" --grpc-port "$SHIPPING_GRPC_PORT" > >(sed -u 's/^/[shipping] /') 2>"$shipping_log" &
shipping=$!
trap 'kill $shipping 2>/dev/null || true; rm -f "$shipping_log"' EXIT
for _ in $(seq 1 60); do
  # gRPC is served last, once the HTTP port is open
  if (exec 3<>"/dev/tcp/127.0.0.1/$SHIPPING_GRPC_PORT") 2>/dev/null; then break; fi
  sleep 0.5
done

java -javaagent:agent-dist/target/spanwise-agent.jar \
  -Dotel.traces.exporter=console \
  -Dotel.service.name=spanwise-demo \
  -jar smoke-tests/demo/target/spanwise-demo.jar --shipping-url "http://127.0.0.1:$SHIPPING_PORT" \
  --shipping-grpc "127.0.0.1:$SHIPPING_GRPC_PORT" "${args[@]}"
