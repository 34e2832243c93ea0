#!/usr/bin/env bash
# The Spring Boot shop's start-up, as before: benchmarks/startup.sh with APP=spring-boot (its default).
exec "$(dirname "$0")/startup.sh" "$@"
