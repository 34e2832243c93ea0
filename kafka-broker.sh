#!/usr/bin/env bash
# Runs a throwaway single-node Kafka broker (KRaft) on 127.0.0.1, the one the tests use, until Ctrl-C:
# topics are created on first use, data is deleted when it stops. ./demo.sh in another terminal then
# gains the Kafka hop. Usage: ./kafka-broker.sh [--port 9092]
set -euo pipefail
cd "$(dirname "$0")"

jar=(instrumentation/kafka-broker/target/spanwise-kafka-broker-*.jar)
if [ ! -f "${jar[0]}" ]; then
  mvn -q install -DskipTests -pl instrumentation/kafka-broker -am
  jar=(instrumentation/kafka-broker/target/spanwise-kafka-broker-*.jar)
fi
exec java -cp "${jar[0]}" io.spanwise.kafkabroker.KafkaBroker "$@"
