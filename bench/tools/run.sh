#!/usr/bin/env bash
# Two measurements of the cross-node path's parts, outside the router (docs/benchmarks.md, session 8):
#   bench/tools/run.sh eventbus [RATE SECONDS ROUNDS]   # CPU per event-bus message + answer (default 1000 15 6)
#   bench/tools/run.sh frames                           # CPU per DELIVER frame: encode, batch, decode
# Compiles against im-router/target/im-router.jar (ROUTER_JAR), built with mvn when missing.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$(dirname "$HERE")")
JAR=${ROUTER_JAR:-$ROOT/im-router/target/im-router.jar}
[[ -f "$JAR" ]] || (cd "$ROOT" && mvn -q -o -pl im-router -am package -DskipTests)
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
case "${1:-}" in
  eventbus)
    javac -cp "$JAR" -d "$OUT" "$HERE/EventBusCost.java"
    java -Xmx512m -cp "$OUT:$JAR" EventBusCost "${2:-1000}" "${3:-15}" "${4:-6}" 2>&1 | grep '^rate' ;;
  frames)
    javac -cp "$JAR" -d "$OUT" "$HERE/FrameBench.java"
    java -cp "$OUT:$JAR" org.nextim.router.cluster.FrameBench | grep '^round' ;;
  *) echo "usage: $0 eventbus [RATE SECONDS ROUNDS] | frames" >&2; exit 2 ;;
esac
