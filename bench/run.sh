#!/usr/bin/env bash
# Runs a load scenario against a freshly started im-router and writes the results under bench/results/.
#
#   bench/run.sh capacity      # ~19,000 held polls from several generator processes; heap/RSS per poll
#   bench/run.sh throughput    # unicast messages at stepped rates; loss, duplicates, latency, CPU
#   bench/run.sh all           # both (default), about 5-6 minutes
#
# Everything is bounded in time and runs on 127.0.0.x only. Tunables are environment variables (defaults
# below), e.g.  TP_RATES=1000,5000 TP_DURATION_S=10 bench/run.sh throughput
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
ROUTER_JAR=${ROUTER_JAR:-$ROOT/im-router/target/im-router.jar}
BENCH_JAR=$HERE/target/bench.jar
RESULTS=${RESULTS:-$HERE/results}

# Router JVM: the heap holds pages, buffers and ~19k connections' state; 1 GiB leaves room to spare.
ROUTER_XMX=${ROUTER_XMX:-1g}
ROUTER_IDLE_TIMEOUT_MS=${ROUTER_IDLE_TIMEOUT_MS_BENCH:-8000}
# Generators are small; several of them share the machine's 2 cores with the router.
GEN_XMX=${GEN_XMX:-512m}

# capacity: CAP_TOTAL users split over CAP_PROCS processes, each bound to its own 127.0.0.(2+i) and
# kept well below the 20,000-open-files limit of a process.
CAP_TOTAL=${CAP_TOTAL:-19000}
CAP_PROCS=${CAP_PROCS:-4}
CAP_HOLD_S=${CAP_HOLD_S:-60}
CAP_POLL_TIMEOUT_MS=${CAP_POLL_TIMEOUT_MS:-28000}
CAP_BUDDIES=${CAP_BUDDIES:-4}
# 1: generator i binds its sockets to 127.0.0.(2+i) (needed beyond ~28,000 connections per source
# address). bind(addr, 0) makes the kernel search the ephemeral range for a free port on every
# connection, which gets slow as the range fills and then limits the measured login rate;
# 0: let connect() pick 127.0.0.1 and the port (fine up to ~28,000 connections in total).
CAP_BIND=${CAP_BIND:-1}

# throughput: one generator process per rate level, each with fresh users.
TP_USERS=${TP_USERS:-1000}
TP_RATES=${TP_RATES:-1000,2000,5000,10000,20000}
TP_DURATION_S=${TP_DURATION_S:-20}
TP_GRACE_S=${TP_GRACE_S:-5}
# Unrecorded traffic first: each level is a fresh generator JVM whose JIT would otherwise be measured.
TP_WARMUP_S=${TP_WARMUP_S:-5}
TP_SHARDS=${TP_SHARDS:-2}
TP_ACK=${TP_ACK:-true}
TP_POLL_TIMEOUT_MS=${TP_POLL_TIMEOUT_MS:-28000}

SCENARIO=${1:-all}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)

ROUTER_PID=""
SAMPLER_PID=""
GEN_PIDS=()
# The router runs from a private copy: its author may rebuild im-router.jar while a run is going, and
# a JVM whose jar is replaced under it fails on the next class it loads.
RUN_TMP=$(mktemp -d /tmp/bench-run.XXXXXX)

log() { echo "[run.sh $(date -u +%H:%M:%S)] $*" >&2; }

cleanup() {
  local pid
  for pid in "${GEN_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  [[ -n "$SAMPLER_PID" ]] && kill "$SAMPLER_PID" 2>/dev/null || true
  if [[ -n "$ROUTER_PID" ]] && kill -0 "$ROUTER_PID" 2>/dev/null; then
    kill "$ROUTER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$ROUTER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$ROUTER_PID" 2>/dev/null || true
  fi
  GEN_PIDS=()
  SAMPLER_PID=""
  ROUTER_PID=""
  rm -rf "$RUN_TMP"
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

need() { command -v "$1" >/dev/null || { echo "run.sh needs $1" >&2; exit 1; }; }
need java; need jcmd; need jq; need mvn

build() {
  # The bench is rebuilt when its sources are newer than its jar; the router only when its jar is missing
  # (its author may be mid-edit), unless BUILD_ROUTER=1.
  if [[ ! -f "$BENCH_JAR" ]] || [[ -n "$(find "$HERE/src" "$HERE/pom.xml" -newer "$BENCH_JAR" -print -quit)" ]]; then
    log "building bench"
    (cd "$ROOT" && mvn -q -pl bench -am package -DskipTests)
  fi
  if [[ ! -f "$ROUTER_JAR" || "${BUILD_ROUTER:-0}" == 1 ]]; then
    log "building im-router"
    (cd "$ROOT" && mvn -q -pl im-router -am package -DskipTests)
  fi
  cp "$ROUTER_JAR" "$RUN_TMP/im-router.jar"
  ROUTER_JAR_SHA=$(sha256sum "$RUN_TMP/im-router.jar" | cut -c1-16)
  ROUTER_JAR_BUILT=$(date -u -r "$ROUTER_JAR" +%Y-%m-%dT%H:%M:%SZ)
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# machine_busy_percent SECONDS: CPU the whole machine used (all processes, % of one core) over SECONDS.
# Recorded before each scenario: other work on this shared machine skews every number here.
machine_busy_percent() {
  local a b
  a=$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat)
  sleep "$1"
  b=$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat)
  echo $(( (b - a) * 100 / $(getconf CLK_TCK) / $1 ))
}

# start_router DIR POLL_TIMEOUT_MS: starts the router, waits for its "listening" line, starts sampling
# its CPU, RSS and open files once a second into DIR/router-samples.txt.
start_router() {
  local dir=$1 poll_timeout=$2
  MACHINE_BUSY_BEFORE=$(machine_busy_percent 3)
  if ((MACHINE_BUSY_BEFORE > 20)); then
    log "WARNING: other processes keep this machine $MACHINE_BUSY_BEFORE % busy (of 200 %); results will be skewed"
  fi
  PORT=$(free_port)
  ROUTER_CMD="java -Xmx$ROUTER_XMX -jar $RUN_TMP/im-router.jar"
  ROUTER_ENV=$(jq -n --arg port "$PORT" --arg poll "$poll_timeout" --arg idle "$ROUTER_IDLE_TIMEOUT_MS" \
    '{ROUTER_PORT: $port, ROUTER_HOST: "127.0.0.1", ROUTER_DOMAINS: "localhost=public",
      ROUTER_POLL_TIMEOUT_MS: $poll, ROUTER_IDLE_TIMEOUT_MS: $idle}')
  log "starting router on 127.0.0.1:$PORT (poll timeout ${poll_timeout} ms, idle ${ROUTER_IDLE_TIMEOUT_MS} ms, -Xmx$ROUTER_XMX)"
  ROUTER_PORT=$PORT ROUTER_HOST=127.0.0.1 ROUTER_DOMAINS=localhost=public \
    ROUTER_POLL_TIMEOUT_MS=$poll_timeout ROUTER_IDLE_TIMEOUT_MS=$ROUTER_IDLE_TIMEOUT_MS \
    $ROUTER_CMD >"$dir/router.log" 2>&1 &
  ROUTER_PID=$!
  local waited=0
  until grep -q "listening" "$dir/router.log"; do
    if ! kill -0 "$ROUTER_PID" 2>/dev/null; then
      log "router exited before listening:"; tail -20 "$dir/router.log" >&2; exit 1
    fi
    sleep 0.2; waited=$((waited + 1))
    if ((waited > 150)); then log "router did not say 'listening' within 30 s"; exit 1; fi
  done
  log "router pid $ROUTER_PID: $(grep -m1 listening "$dir/router.log")"
  (
    while kill -0 "$ROUTER_PID" 2>/dev/null; do
      stat=$(cut -d' ' -f14,15 "/proc/$ROUTER_PID/stat" 2>/dev/null) || break
      rss=$(awk '/^VmRSS/ {print $2}' "/proc/$ROUTER_PID/status" 2>/dev/null) || break
      fds=$(ls "/proc/$ROUTER_PID/fd" 2>/dev/null | wc -l)
      # Non-idle ticks of the whole machine: other processes (builds, browsers) share these 2 cores.
      busy=$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat)
      echo "$(date +%s%3N) $(( ${stat% *} + ${stat#* } )) $rss $fds $busy"
      sleep 1
    done
  ) >"$dir/router-samples.txt" &
  SAMPLER_PID=$!
}

# measure_router: JSON with the router's heap after a full GC, RSS, open files and CPU at this moment.
measure_router() {
  jcmd "$ROUTER_PID" GC.run >/dev/null
  local info used total stat
  info=$(jcmd "$ROUTER_PID" GC.heap_info)
  used=$(echo "$info" | grep -m1 -E 'heap +total' | sed -E 's/.*used ([0-9]+)K.*/\1/')
  total=$(echo "$info" | grep -m1 -E 'heap +total' | sed -E 's/.*total ([0-9]+)K.*/\1/')
  stat=$(cut -d' ' -f14,15 "/proc/$ROUTER_PID/stat")
  jq -n --argjson used "${used:-0}" --argjson total "${total:-0}" \
    --argjson rss "$(awk '/^VmRSS/ {print $2}' "/proc/$ROUTER_PID/status")" \
    --argjson fds "$(ls "/proc/$ROUTER_PID/fd" | wc -l)" \
    --argjson ticks "$(( ${stat% *} + ${stat#* } ))" \
    --argjson at "$(date +%s%3N)" \
    '{at_ms: $at, heap_used_kb: $used, heap_committed_kb: $total, rss_kb: $rss, open_files: $fds, cpu_ticks: $ticks}'
}

stop_router() {
  kill "$ROUTER_PID" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$ROUTER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$ROUTER_PID" 2>/dev/null || true
  wait "$ROUTER_PID" 2>/dev/null || true
  kill "$SAMPLER_PID" 2>/dev/null || true
  wait "$SAMPLER_PID" 2>/dev/null || true
  ROUTER_PID=""; SAMPLER_PID=""
}

router_json() { # router_json DIR MEASUREMENTS_JSON
  jq -n --argjson m "$2" --argjson env "$ROUTER_ENV" --arg cmd "$ROUTER_CMD" \
    --argjson clk "$(getconf CLK_TCK)" --argjson pid "$ROUTER_PID" --argjson busy "$MACHINE_BUSY_BEFORE" \
    --arg jar "$ROUTER_JAR (built $ROUTER_JAR_BUILT, sha256 $ROUTER_JAR_SHA…)" \
    --argjson warn "$(grep -c -E 'WARN|ERROR|Exception' "$1/router.log" || true)" \
    '{command: $cmd, jar: $jar, env: $env, pid: $pid, clk_tck: $clk, log_warnings_or_errors: $warn,
      machine_busy_percent_before_start: $busy} + $m' >"$1/router.json"
}

# report SCENARIO DIR COMMANDS...: merges DIR into results/SCENARIO-STAMP.{json,md}.
report() {
  local scenario=$1 dir=$2; shift 2
  local out=$RESULTS/$scenario-$STAMP
  java -jar "$BENCH_JAR" report --scenario "$scenario" --run-dir "$dir" --out "$out.json" --out-md "$out.md"
  {
    echo; echo "Commands (run directory \`${dir#$ROOT/}\`):"; echo
    printf '    %s\n' "$@"
  } >>"$out.md"
  log "wrote $out.json and $out.md"
  cat "$out.md" >&2
}

run_capacity() {
  local dir=$RESULTS/capacity-$STAMP
  mkdir -p "$dir"
  start_router "$dir" "$CAP_POLL_TIMEOUT_MS"
  sleep 2
  local idle loaded released per i cmds=()
  idle=$(measure_router)
  log "router idle: $idle"
  per=$((CAP_TOTAL / CAP_PROCS))
  GEN_PIDS=()
  for ((i = 0; i < CAP_PROCS; i++)); do
    local source=""
    ((CAP_BIND)) && source="127.0.0.$((i + 2))"
    local cmd=(java -Xmx"$GEN_XMX" -jar "$BENCH_JAR" capacity --port "$PORT" --local-address "$source"
      --users "$per" --first-user "$((i * per))" --buddies "$CAP_BUDDIES" --hold-seconds "$CAP_HOLD_S"
      --router-poll-timeout-ms "$CAP_POLL_TIMEOUT_MS" --ready-file "$dir/ready-$i.json" --out "$dir/gen-$i.json")
    cmds+=("${cmd[*]}")
    "${cmd[@]}" >"$dir/gen-$i.log" 2>&1 &
    GEN_PIDS+=($!)
  done
  log "started $CAP_PROCS generators with $per users each; waiting until all hold their polls"
  local waited=0 ready
  while :; do
    ready=$(find "$dir" -maxdepth 1 -name 'ready-*.json' | wc -l)
    ((ready == CAP_PROCS)) && break
    for i in "${!GEN_PIDS[@]}"; do
      if ! kill -0 "${GEN_PIDS[$i]}" 2>/dev/null && [[ ! -f "$dir/ready-$i.json" ]]; then
        log "generator $i ended before holding:"; tail -5 "$dir/gen-$i.log" >&2; break 2
      fi
    done
    sleep 1; waited=$((waited + 1))
    if ((waited > 300)); then log "generators not ready after 300 s; measuring anyway"; break; fi
  done
  sleep 5 # let the last re-polls and presences settle before measuring
  loaded=$(measure_router)
  log "router with polls held: $loaded"
  for pid in "${GEN_PIDS[@]}"; do wait "$pid" || log "a generator exited with status $?"; done
  GEN_PIDS=()
  # Pages whose polls are gone are dropped after the idle timeout, their users announced offline one
  # more idle timeout later (grace); after both, the router's memory should be back near idle.
  sleep $(( 2 * ROUTER_IDLE_TIMEOUT_MS / 1000 + 5 ))
  released=$(measure_router)
  log "router after the generators left: $released"
  router_json "$dir" "$(jq -n --argjson i "$idle" --argjson l "$loaded" --argjson r "$released" \
    '{idle: $i, loaded: $l, released: $r}')"
  stop_router
  report capacity "$dir" "$(jq -r '.env | to_entries | map("\(.key)=\(.value)") | join(" ")' "$dir/router.json") $ROUTER_CMD" "${cmds[@]}"
}

run_throughput() {
  local dir=$RESULTS/throughput-$STAMP
  mkdir -p "$dir"
  start_router "$dir" "$TP_POLL_TIMEOUT_MS"
  sleep 2
  local idle after level=0 rate cmds=()
  idle=$(measure_router)
  log "router idle: $idle"
  for rate in ${TP_RATES//,/ }; do
    # Fresh user names per level so that nothing left from the previous level can be mistaken for ours.
    local cmd=(java -Xmx"$GEN_XMX" -jar "$BENCH_JAR" throughput --port "$PORT" --local-address 127.0.0.2
      --users "$TP_USERS" --first-user "$((level * 1000000))" --shards "$TP_SHARDS" --rate "$rate"
      --duration-seconds "$TP_DURATION_S" --grace-seconds "$TP_GRACE_S" --warmup-seconds "$TP_WARMUP_S" --ack "$TP_ACK"
      --router-poll-timeout-ms "$TP_POLL_TIMEOUT_MS" --seed "$((level + 1))" --out "$dir/gen-rate-$rate.json")
    cmds+=("${cmd[*]}")
    log "level $level: $rate msg/s"
    "${cmd[@]}" >"$dir/gen-rate-$rate.log" 2>&1 &
    GEN_PIDS=($!)
    wait "${GEN_PIDS[0]}" || log "generator for $rate msg/s exited with status $?"
    GEN_PIDS=()
    tail -1 "$dir/gen-rate-$rate.log" >&2 || true
    if ! kill -0 "$ROUTER_PID" 2>/dev/null; then log "router died; see $dir/router.log"; break; fi
    level=$((level + 1))
  done
  after=$(measure_router)
  log "router after all levels: $after"
  router_json "$dir" "$(jq -n --argjson i "$idle" --argjson a "$after" '{idle: $i, after: $a}')"
  stop_router
  report throughput "$dir" "$(jq -r '.env | to_entries | map("\(.key)=\(.value)") | join(" ")' "$dir/router.json") $ROUTER_CMD" "${cmds[@]}"
}

build
mkdir -p "$RESULTS"
case "$SCENARIO" in
  capacity) run_capacity ;;
  throughput) run_throughput ;;
  all) run_capacity; run_throughput ;;
  *) echo "usage: $0 capacity|throughput|all" >&2; exit 2 ;;
esac
