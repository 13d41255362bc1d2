#!/usr/bin/env bash
# Cluster fault injection (Jepsen style): builds the router's fat jar and runs the chaos scenarios of
# im-router/src/test/java/org/nextim/router/chaos (Maven profile `chaos`, Failsafe), then prints one
# summary line per scenario. Details and every node's log: im-router/target/chaos/.
#
#   bench/chaos.sh              # every scenario, in order (about 8-10 minutes on 2 cores)
#   bench/chaos.sh z            # one scenario, by letter or method name:
#                               #   z baseline, a loginStorm, b pausedHome, c killAndRestart,
#                               #   d sigtermAndRestart, e nodeJoins, f rollingRestart
#   bench/chaos.sh b,c          # several
#
# Environment: CHAOS_SEED (the traffic's random seed, printed by each run), CHAOS_RATE (messages per
# second, default 80), CHAOS_MAX_MESSAGES (sending stops after these many, default 10,000: a heavy run
# wants rate x traffic seconds, e.g. CHAOS_RATE=2000 CHAOS_MAX_MESSAGES=400000 bench/chaos.sh f),
# CHAOS_MAX_OUTSTANDING (sends in flight at most, default 200; more for a heavy run on a slow box),
# CHAOS_SITE_CLIENT (jdk, the default, or vertx: the site's HTTP client; vertx for more than ~1,000 msg/s), MVN_ARGS (extra Maven
# arguments, e.g. -o for offline). Exits with Maven's status (non-zero when a check failed).
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
OUT=$ROOT/im-router/target/chaos

method() {
  case "$1" in
    z|baseline) echo baseline ;;
    a|loginStorm) echo loginStorm ;;
    b|pausedHome) echo pausedHome ;;
    c|killAndRestart) echo killAndRestart ;;
    d|sigtermAndRestart) echo sigtermAndRestart ;;
    e|nodeJoins) echo nodeJoins ;;
    f|rollingRestart) echo rollingRestart ;;
    *) echo "unknown scenario '$1' (z a b c d e f or a method name of ClusterChaosIT)" >&2; return 1 ;;
  esac
}

# Only the chaos scenarios: the unit tests are mvn verify's business.
ARGS=(-B -pl im-router -am verify -Pchaos -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false)
if [[ $# -gt 0 && -n "$1" ]]; then
  methods=()
  IFS=',' read -ra wanted <<< "$1"
  for w in "${wanted[@]}"; do
    m=$(method "$w") || exit 2
    methods+=("$m")
  done
  ARGS+=("-Dit.test=ClusterChaosIT#$(IFS=+; echo "${methods[*]}")")
fi
[[ -n "${CHAOS_SEED:-}" ]] && ARGS+=("-Dchaos.seed=$CHAOS_SEED")
[[ -n "${CHAOS_RATE:-}" ]] && ARGS+=("-Dchaos.rate=$CHAOS_RATE")
[[ -n "${CHAOS_MAX_MESSAGES:-}" ]] && ARGS+=("-Dchaos.max.messages=$CHAOS_MAX_MESSAGES")
[[ -n "${CHAOS_MAX_OUTSTANDING:-}" ]] && ARGS+=("-Dchaos.max.outstanding=$CHAOS_MAX_OUTSTANDING")
[[ -n "${CHAOS_SITE_CLIENT:-}" ]] && ARGS+=("-Dchaos.site.client=$CHAOS_SITE_CLIENT")
# shellcheck disable=SC2206
[[ -n "${MVN_ARGS:-}" ]] && ARGS+=($MVN_ARGS)

rm -f "$OUT"/*.summary "$OUT"/*.txt "$OUT"/*.log 2>/dev/null
LOG=$(mktemp /tmp/chaos-mvn.XXXXXX.log)
echo "[chaos.sh] mvn ${ARGS[*]}   (full output: $LOG)"
cd "$ROOT"
# The scenarios' progress lines go to the console as they happen; Maven's own chatter to the log.
mvn "${ARGS[@]}" 2>&1 | tee "$LOG" | grep --line-buffered -E '^\[chaos|^CHAOS|Tests run:|BUILD|ERROR\] (Failed|.*IT\.)'
status=${PIPESTATUS[0]}

echo
echo "== chaos summaries (details: $OUT/<scenario>.txt)"
if compgen -G "$OUT/*.summary" > /dev/null; then
  cat "$OUT"/*.summary
else
  echo "no scenario ran to its verdict; see $LOG"
fi
exit "$status"
