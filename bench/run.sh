#!/usr/bin/env bash
# Runs load scenarios against freshly started servers and writes the results under bench/results/.
#
#   bench/run.sh capacity          # ~19,000 held polls on one router; heap/RSS per poll, class histogram
#   bench/run.sh capacity-cluster  # the same over a 2-node router cluster (36,000 polls)
#   bench/run.sh throughput        # unicast messages, rate stepped up to the knee; loss, duplicates, latency
#   bench/run.sh nchan             # the same workload against Nchan (nginx), same users and rates
#   bench/run.sh versus            # throughput and nchan interleaved level by level (what `all` runs)
#   bench/run.sh baseline          # a trivial Vert.x endpoint: the most requests/s this box allows
#   bench/run.sh rooms             # multicast to rooms of 10/100/1000 members; fan-out rate and latency
#   bench/run.sh churn             # logins/logouts at R/s, 20 buddies each; presence delivery
#   bench/run.sh cluster           # throughput over a 2-node cluster next to one node
#   bench/run.sh cluster-ab        # one node and a 2-node cluster both up, levels interleaved, in rounds
#   bench/run.sh profile           # JFR CPU profile of the router during a throughput level
#   bench/run.sh profile-cluster   # the same on both nodes of a 2-node cluster
#   bench/run.sh gateway           # community gateway on H2 and PostgreSQL: /webim/online of users with
#                                  # 10/500/5,000 buddies (p50/p99, queries per call), /webim/message rate
#   bench/run.sh all               # every scenario (~25 minutes), then charts, summary and docs/bench/
#   bench/run.sh charts [STAMP]    # redraws charts and the summary from bench/results/
#
# Everything is bounded in time and runs on 127.0.0.x only. Tunables are environment variables (defaults
# below), e.g.  TP_RATES=1000,5000 TP_DURATION_S=10 bench/run.sh throughput
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
ROUTER_JAR=${ROUTER_JAR:-$ROOT/im-router/target/im-router.jar}
BENCH_JAR=$HERE/target/bench.jar
RESULTS=${RESULTS:-$HERE/results}
# Charts need matplotlib; Debian's python3 has it once python3-matplotlib is installed (see need_charts).
PYTHON=${PYTHON:-/usr/bin/python3}

# Router JVM: the heap holds pages, buffers and ~19k connections' state; 1 GiB leaves room to spare.
ROUTER_XMX=${ROUTER_XMX:-1g}
ROUTER_IDLE_TIMEOUT_MS=${ROUTER_IDLE_TIMEOUT_MS_BENCH:-8000}
# The load generators push thousands of messages/s through few users and logins from few addresses:
# the router's rate limits are off unless BENCH_RATE_LIMITS=true (then ROUTER_EXTRA_ENV may raise them,
# e.g. ROUTER_LIMIT_USER_MESSAGES=100:500). Connection limits stay on (they never cut a held poll).
BENCH_RATE_LIMITS=${BENCH_RATE_LIMITS:-false}
# Extra JVM options for the router (e.g. JFR), and extra environment (e.g. ROUTER_PAGE_BUFFER=100).
ROUTER_JAVA_OPTS=${ROUTER_JAVA_OPTS:-}
# The JVM settings the router ships with (im-router/jvm.options, also used by ./run and the Dockerfile);
# ROUTER_JVM_OPTIONS=none measures the JVM's defaults instead.
ROUTER_JVM_OPTIONS=${ROUTER_JVM_OPTIONS:-$ROOT/im-router/jvm.options}
ROUTER_JVM_ARGFILE=""
[[ "$ROUTER_JVM_OPTIONS" != none ]] && ROUTER_JVM_ARGFILE="@$ROUTER_JVM_OPTIONS"
# Generators are small; several of them share the machine's 2 cores with the router.
GEN_XMX=${GEN_XMX:-512m}

# capacity: CAP_TOTAL users split over CAP_PROCS processes, each bound to its own 127.0.0.(2+i) and
# kept well below the 20,000-open-files limit of a process.
CAP_TOTAL=${CAP_TOTAL:-19000}
CAP_PROCS=${CAP_PROCS:-4}
CAP_HOLD_S=${CAP_HOLD_S:-40}
CAP_POLL_TIMEOUT_MS=${CAP_POLL_TIMEOUT_MS:-28000}
CAP_BUDDIES=${CAP_BUDDIES:-4}
# 1: generator i binds its sockets to 127.0.0.(2+i) (needed beyond ~28,000 connections per source
# address). bind(addr, 0) makes the kernel search the ephemeral range for a free port on every
# connection, which gets slow as the range fills and then limits the measured login rate;
# 0: let connect() pick 127.0.0.1 and the port (fine up to ~28,000 connections in total).
CAP_BIND=${CAP_BIND:-1}
# capacity-cluster: two nodes, users spread over both (user n talks to node n % 2).
CAPC_TOTAL=${CAPC_TOTAL:-36000}
CAPC_PROCS=${CAPC_PROCS:-6}

# throughput: one generator process per rate level, each with fresh users; stepping stops after
# KNEE_CONFIRM levels in a row past the knee (p99 over TP_KNEE_P99_MS, any loss or duplicate, or sent/s
# under 95 % of the target).
TP_USERS=${TP_USERS:-1000}
TP_RATES=${TP_RATES:-1000,2000,4000,6000,8000,10000,14000,20000}
TP_DURATION_S=${TP_DURATION_S:-15}
TP_GRACE_S=${TP_GRACE_S:-5}
# Unrecorded traffic first: each level is a fresh generator JVM whose JIT would otherwise be measured.
TP_WARMUP_S=${TP_WARMUP_S:-5}
TP_SHARDS=${TP_SHARDS:-2}
# Keep-alive REST connections per generator shard and node (the site's pool towards the router).
TP_REST_POOL=${TP_REST_POOL:-32}
TP_ACK=${TP_ACK:-true}
TP_POLL_TIMEOUT_MS=${TP_POLL_TIMEOUT_MS:-28000}
TP_KNEE_P99_MS=${TP_KNEE_P99_MS:-100}
KNEE_CONFIRM=${KNEE_CONFIRM:-2}
# A level during which other processes took more than this % of one core is run again, up to
# LEVEL_RETRIES times (this machine is shared with other work).
LEVEL_OTHERS_MAX=${LEVEL_OTHERS_MAX:-40}
LEVEL_RETRIES=${LEVEL_RETRIES:-1}
# Rooms of 1000 answer 999 polls per multicast, so their p99 starts high: their stepping stops on loss,
# on falling behind, or past this p99.
ROOM_KNEE_P99_MS=${ROOM_KNEE_P99_MS:-500}
# nchan: the throughput levels against Nchan (defaults: the same users, rates and durations).
NCHAN_RATES=${NCHAN_RATES:-$TP_RATES}
NCHAN_WORKERS=${NCHAN_WORKERS:-2}
# baseline: closed loop against the trivial endpoint.
BASE_CONNECTIONS=${BASE_CONNECTIONS:-32}
BASE_DURATION_S=${BASE_DURATION_S:-10}
# rooms: ROOM_USERS users in rooms of each size in ROOM_SIZES; rates are deliveries per second
# (multicasts/s = rate / (size - 1)).
ROOM_SIZES=${ROOM_SIZES:-10,100,1000}
ROOM_USERS=${ROOM_USERS:-2000}
ROOM_RATES=${ROOM_RATES:-5000,10000,20000,40000}
ROOM_DURATION_S=${ROOM_DURATION_S:-10}
ROOM_WARMUP_S=${ROOM_WARMUP_S:-3}
# churn: CHURN_USERS users with CHURN_BUDDIES buddies; half stay online, half log out and in.
CHURN_USERS=${CHURN_USERS:-2000}
CHURN_BUDDIES=${CHURN_BUDDIES:-20}
CHURN_RATES=${CHURN_RATES:-100,200,500,1000,2000}
CHURN_DURATION_S=${CHURN_DURATION_S:-10}
# cluster: throughput over 2 nodes; the single-node side reuses this run's throughput scenario when
# `all` ran it, else runs its own at the same rates.
CL_RATES=${CL_RATES:-1000,2000,4000,6000,8000}
CL_DURATION_S=${CL_DURATION_S:-10}
CL_WARMUP_S=${CL_WARMUP_S:-5}
# JIT warm-up before the first measured level (not reported): a fresh JVM spends its first minutes
# compiling (measured: 37 % of a cluster router's CPU in C2 in the second 2,000 msg/s level; a cluster JVM
# compiles ~9,800 methods where a single node compiles ~5,300), and a cluster warms two JVMs. JIT_WARMUP_S
# seconds at JIT_WARMUP_RATE msg/s, with users of their own, come first; `cluster` warms each side for
# CL_JIT_WARMUP_S, `profile`/`profile-cluster` and the rest for JIT_WARMUP_S (default 0: off, as before).
JIT_WARMUP_S=${JIT_WARMUP_S:-0}
CL_JIT_WARMUP_S=${CL_JIT_WARMUP_S:-150}
JIT_WARMUP_RATE=${JIT_WARMUP_RATE:-2500}
# Event loops per cluster node: the nodes of a bench cluster share this box's cores, so each gets its share
# (one node per machine, as deployed, gets all of them). Measured: 2 loops per node on 2 cores cost ~30 %
# more CPU per message than 1 (work hopping between loops; docs/benchmarks.md, session 4).
CL_EVENT_LOOPS=${CL_EVENT_LOOPS:-$(( $(nproc) / ${CL_NODES:-2} > 0 ? $(nproc) / ${CL_NODES:-2} : 1 ))}
# Controls for what the cluster costs: TP_SAME_NODE=true sends unicasts only between users of the same
# node (no message crosses; presence still does); CL_LINKED=false starts the "cluster" nodes as
# independent routers (no Hazelcast, no link), which with TP_SAME_NODE=true measures two JVMs sharing
# this box and nothing else.
TP_SAME_NODE=${TP_SAME_NODE:-false}
CL_LINKED=${CL_LINKED:-true}
# profile: JFR (settings=profile) on the router during one throughput level at each rate of PROF_RATES.
PROF_RATES=${PROF_RATES:-3000}
PROF_DURATION_S=${PROF_DURATION_S:-20}
# gateway: buddy-list sizes, /webim/online calls per size, message senders and seconds; GW_DBS: h2,
# postgres (PostgreSQL: a throwaway server from .ci/postgres.sh on GW_PG_PORT).
GW_BUDDIES=${GW_BUDDIES:-10,500,5000}
GW_ONLINE_CALLS=${GW_ONLINE_CALLS:-200}
GW_MESSAGE_SECONDS=${GW_MESSAGE_SECONDS:-10}
GW_MESSAGE_CONCURRENCY=${GW_MESSAGE_CONCURRENCY:-8}
GW_DBS=${GW_DBS:-h2,postgres}
GW_PG_PORT=${GW_PG_PORT:-55478}
GW_XMX=${GW_XMX:-512m}
GATEWAY_JAR=${GATEWAY_JAR:-$ROOT/community-gateway/target/community-gateway.jar}
# all: copy the charts and the summary to docs/bench/ (0 to leave docs alone); `charts` copies them only
# when PUBLISH=1 is given.
[[ -n "${PUBLISH+x}" ]] && PUBLISH_GIVEN=1
PUBLISH=${PUBLISH:-1}

SCENARIO=${1:-all}
STAMP=${STAMP:-$(date -u +%Y%m%dT%H%M%SZ)}

SERVER_PIDS=()
ROUTER_PIDS=()
SAMPLER_PID=""
EXTRA_SAMPLERS=()
GEN_PIDS=()
# The router runs from a private copy: its author may rebuild im-router.jar while a run is going, and
# a JVM whose jar is replaced under it fails on the next class it loads.
RUN_TMP=$(mktemp -d /tmp/bench-run.XXXXXX)

log() { echo "[run.sh $(date -u +%H:%M:%S)] $*" >&2; }

stop_pid() { # stop_pid PID: TERM, up to 10 s, then KILL
  local pid=$1
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local pid
  for pid in "${GEN_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [[ -n "$SAMPLER_PID" ]] && kill "$SAMPLER_PID" 2>/dev/null || true
  for pid in "${EXTRA_SAMPLERS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${SERVER_PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null && stop_pid "$pid"
  done
  GEN_PIDS=(); SERVER_PIDS=(); ROUTER_PIDS=(); SAMPLER_PID=""
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

# Installs a Debian package when COMMAND is missing (apt-get as root; the machine reaches Debian's mirror).
apt_need() { # apt_need COMMAND-or-FILE PACKAGE...
  local probe=$1; shift
  if [[ -e "$probe" ]] || command -v "$probe" >/dev/null 2>&1; then return 0; fi
  log "installing $* (apt-get)"
  if [[ -z "${APT_UPDATED:-}" ]]; then apt-get update -qq >/dev/null 2>&1 || true; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >"$RUN_TMP/apt.log" 2>&1 \
    || { log "apt-get install $* failed:"; tail -5 "$RUN_TMP/apt.log" >&2; return 1; }
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

check_machine() {
  MACHINE_BUSY_BEFORE=$(machine_busy_percent 3)
  if ((MACHINE_BUSY_BEFORE > 20)); then
    log "WARNING: other processes keep this machine $MACHINE_BUSY_BEFORE % busy (of 200 %); results will be skewed"
  fi
}

# start_sampler FILE PID...: once a second, the summed CPU ticks, RSS and open files of the PIDs (the
# server: one router, both cluster nodes, or nginx's master and workers) and the machine's busy ticks.
start_sampler() {
  local file=$1; shift
  local pids=("$@")
  (
    while kill -0 "${pids[0]}" 2>/dev/null; do
      ticks=0; rss=0; fds=0
      for p in "${pids[@]}"; do
        stat=$(cut -d' ' -f14,15 "/proc/$p/stat" 2>/dev/null) || continue
        ticks=$(( ticks + ${stat% *} + ${stat#* } ))
        rss=$(( rss + $(awk '/^VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0) ))
        fds=$(( fds + $(ls "/proc/$p/fd" 2>/dev/null | wc -l) ))
      done
      # Non-idle ticks of the whole machine: other processes (builds, browsers) share these 2 cores.
      busy=$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat)
      echo "$(date +%s%3N) $ticks $rss $fds $busy"
      sleep 1
    done
  ) >"$file" &
  SAMPLER_PID=$!
}

# wait_for_line FILE PATTERN PID SECONDS: until FILE has a line matching PATTERN; fails if PID exits.
wait_for_line() {
  local file=$1 pattern=$2 pid=$3 limit=$4 waited=0
  until grep -q -E "$pattern" "$file" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "process $pid exited before '$pattern':"; tail -20 "$file" >&2; return 1
    fi
    sleep 0.2; waited=$((waited + 1))
    if ((waited > limit * 5)); then log "no '$pattern' in $file within $limit s"; return 1; fi
  done
}

# router_env PORT POLL_TIMEOUT_MS: the environment of a router node, as "K=V" words.
router_env() {
  echo "ROUTER_PORT=$1 ROUTER_HOST=127.0.0.1 ROUTER_DOMAINS=localhost=public ROUTER_POLL_TIMEOUT_MS=$2" \
    "ROUTER_IDLE_TIMEOUT_MS=$ROUTER_IDLE_TIMEOUT_MS ROUTER_RATE_LIMITS=$BENCH_RATE_LIMITS ${ROUTER_EXTRA_ENV:-}"
}

# start_router DIR POLL_TIMEOUT_MS: one router on a free port; PORT, PORTS and ROUTER_PIDS are set.
start_router() {
  local dir=$1 poll_timeout=$2
  check_machine
  PORT=$(free_port); PORTS=$PORT
  ROUTER_CMD="java $ROUTER_JVM_ARGFILE -Xmx$ROUTER_XMX $ROUTER_JAVA_OPTS -jar $RUN_TMP/im-router.jar"
  ROUTER_ENV_WORDS=$(router_env "$PORT" "$poll_timeout")
  log "starting router on 127.0.0.1:$PORT ($ROUTER_ENV_WORDS, -Xmx$ROUTER_XMX)"
  # shellcheck disable=SC2086
  env $ROUTER_ENV_WORDS $ROUTER_CMD >"$dir/router.log" 2>&1 &
  ROUTER_PIDS=($!); SERVER_PIDS=($!)
  wait_for_line "$dir/router.log" "listening" "${ROUTER_PIDS[0]}" 30 || exit 1
  log "router pid ${ROUTER_PIDS[0]}: $(grep -m1 listening "$dir/router.log")"
  start_sampler "$dir/router-samples.txt" "${ROUTER_PIDS[@]}"
}

# start_cluster DIR POLL_TIMEOUT_MS: CL_NODES (default 2) router nodes on this box, each with its own HTTP
# and Hazelcast port (free ones, so a cluster of someone else's on 5701/5702 is never joined);
# PORTS="p0,p1,...".
start_cluster() {
  local dir=$1 poll_timeout=$2 i hz=() http=() members="" n=${CL_NODES:-2}
  check_machine
  for ((i = 0; i < n; i++)); do
    hz+=("$(free_port)"); http+=("$(free_port)")
    members+="${members:+,}127.0.0.1:${hz[$i]}"
  done
  PORT=${http[0]}; PORTS=$(IFS=,; echo "${http[*]}")
  ROUTER_CMD="java $ROUTER_JVM_ARGFILE -Xmx$ROUTER_XMX $ROUTER_JAVA_OPTS -jar $RUN_TMP/im-router.jar"
  ROUTER_PIDS=(); SERVER_PIDS=()
  ROUTER_ENV_WORDS=""
  for ((i = 0; i < n; i++)); do
    local words
    words="$(router_env "${http[$i]}" "$poll_timeout") ROUTER_EVENT_LOOPS=$CL_EVENT_LOOPS"
    if [[ "$CL_LINKED" == true ]]; then
      words+=" ROUTER_CLUSTER=true ROUTER_CLUSTER_HOST=127.0.0.1 ROUTER_CLUSTER_PORT=${hz[$i]}"
      words+=" ROUTER_CLUSTER_MEMBERS=$members ROUTER_EVENTBUS_PORT=0 ROUTER_CLUSTER_JOIN_WAIT_S=1"
    fi
    ROUTER_ENV_WORDS+="${ROUTER_ENV_WORDS:+ | }$words"
    log "starting cluster node $i: $words"
    # shellcheck disable=SC2086
    env $words $ROUTER_CMD >"$dir/router-$i.log" 2>&1 &
    ROUTER_PIDS+=($!); SERVER_PIDS+=($!)
  done
  for ((i = 0; i < n; i++)); do
    wait_for_line "$dir/router-$i.log" "listening" "${ROUTER_PIDS[$i]}" 90 || exit 1
  done
  # Each node answers /health/ready 200 once it has the cluster's state.
  for ((i = 0; i < n; i++)); do
    local waited=0
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${http[$i]}/health/ready")" == 200 ]]; do
      sleep 0.5; waited=$((waited + 1))
      if ((waited > 120)); then log "node $i not ready within 60 s"; exit 1; fi
    done
  done
  # ... and has a link to every other node (its live-nodes gauge counts them all; a build without
  # /metrics gets a few seconds instead).
  for ((i = 0; i < n; i++)); do
    local waited=0
    [[ "$CL_LINKED" == true ]] || break
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${http[$i]}/metrics")" != 200 ]]; then
      sleep 4; continue
    fi
    until curl -s "http://127.0.0.1:${http[$i]}/metrics" | grep -q "^nextim_cluster_nodes $n\.0"; do
      sleep 0.5; waited=$((waited + 1))
      if ((waited > 120)); then log "node $i does not see $n nodes within 60 s"; exit 1; fi
    done
  done
  cat "$dir"/router-[0-9]*.log >"$dir/router.log"
  log "cluster up: $n nodes ${ROUTER_PIDS[*]} on ports $PORTS"
  start_sampler "$dir/router-samples.txt" "${ROUTER_PIDS[@]}"
}

# link_totals: what every node's links have sent so far (sum over nodes and peers, from /metrics), as
# JSON {frames, batches, bytes, resends, acks}; {} for a single router.
link_totals() {
  local p frames=0 batches=0 bytes=0 resends=0 acks=0 m
  [[ "$PORTS" == *,* ]] || { echo "{}"; return; }
  for p in ${PORTS//,/ }; do
    m=$(curl -s --max-time 5 "http://127.0.0.1:$p/metrics") || continue
    frames=$(awk -v t="$frames" '/^nextim_link_frames_total/ {t += $2} END {printf "%.0f", t}' <<<"$m")
    batches=$(awk -v t="$batches" '/^nextim_link_batches_total/ {t += $2} END {printf "%.0f", t}' <<<"$m")
    bytes=$(awk -v t="$bytes" '/^nextim_link_bytes_total/ {t += $2} END {printf "%.0f", t}' <<<"$m")
    resends=$(awk -v t="$resends" '/^nextim_link_resends_total/ {t += $2} END {printf "%.0f", t}' <<<"$m")
    acks=$(awk -v t="$acks" '/^nextim_link_acks_total/ {t += $2} END {printf "%.0f", t}' <<<"$m")
  done
  echo "{\"frames\": $frames, \"batches\": $batches, \"bytes\": $bytes, \"resends\": $resends, \"acks\": $acks}"
}

# start_nchan DIR: nginx with Nchan (installed from Debian if missing) on a free loopback port, with
# bench/nchan/nginx.conf.template; PORT set; the sampler covers the master and its workers.
start_nchan() {
  local dir=$1 ndir
  apt_need /usr/lib/nginx/modules/ngx_nchan_module.so nginx-light libnginx-mod-nchan || exit 1
  need nginx
  check_machine
  PORT=$(free_port); PORTS=$PORT
  ndir=$RUN_TMP/nginx; mkdir -p "$ndir"
  sed -e "s#@PORT@#$PORT#g" -e "s#@DIR@#$ndir#g" -e "s#@WORKERS@#$NCHAN_WORKERS#g" \
    "$HERE/nchan/nginx.conf.template" >"$ndir/nginx.conf"
  cp "$ndir/nginx.conf" "$dir/nginx.conf"
  nginx -v 2>"$dir/nginx-version.txt" || true
  nginx -p "$ndir" -c "$ndir/nginx.conf" -g 'daemon off;' >"$dir/nginx.log" 2>&1 &
  SERVER_PIDS=($!); ROUTER_PIDS=()
  local waited=0
  until curl -s -o /dev/null "http://127.0.0.1:$PORT/pub/warm"; do
    sleep 0.2; waited=$((waited + 1))
    if ((waited > 100)) || ! kill -0 "${SERVER_PIDS[0]}" 2>/dev/null; then
      log "nginx did not start:"; cat "$dir/nginx.log" "$ndir/error.log" >&2 2>/dev/null; exit 1
    fi
  done
  local workers
  workers=$(pgrep -P "${SERVER_PIDS[0]}" | tr '\n' ' ')
  log "nchan (nginx pid ${SERVER_PIDS[0]}, workers $workers) on 127.0.0.1:$PORT"
  # shellcheck disable=SC2086
  start_sampler "$dir/router-samples.txt" "${SERVER_PIDS[0]}" $workers
  ROUTER_CMD="nginx -p DIR -c nginx.conf (bench/nchan/nginx.conf.template, $NCHAN_WORKERS workers; $(cat "$dir/nginx-version.txt"))"
  ROUTER_ENV_WORDS=""
}

stop_servers() {
  local pid
  for pid in "${SERVER_PIDS[@]}"; do stop_pid "$pid"; done
  [[ -n "$SAMPLER_PID" ]] && { kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; }
  SERVER_PIDS=(); ROUTER_PIDS=(); SAMPLER_PID=""
}

# measure_router [HISTOGRAM_FILE]: JSON with the routers' heap after a full GC, RSS, open files and CPU at
# this moment, summed over the nodes (one for a single router). With HISTOGRAM_FILE, also each node's
# class histogram (live objects; jcmd GC.class_histogram runs a full GC first) to HISTOGRAM_FILE[-i].
measure_router() {
  local histo=${1:-} used=0 total=0 rss=0 fds=0 ticks=0 i=0 pid info stat
  for pid in "${ROUTER_PIDS[@]}"; do
    jcmd "$pid" GC.run >/dev/null
    info=$(jcmd "$pid" GC.heap_info)
    if echo "$info" | grep -q -E 'heap +total'; then # G1, Parallel, Serial: "... total 123K, used 45K"
      used=$(( used + $(echo "$info" | grep -m1 -E 'heap +total' | sed -E 's/.*used ([0-9]+)K.*/\1/') ))
      total=$(( total + $(echo "$info" | grep -m1 -E 'heap +total' | sed -E 's/.*total ([0-9]+)K.*/\1/') ))
    else # ZGC: "ZHeap used 30M, capacity 64M, max capacity 1024M"
      used=$(( used + 1024 * $(echo "$info" | grep -m1 ZHeap | sed -E 's/.*used ([0-9]+)M.*/\1/') ))
      total=$(( total + 1024 * $(echo "$info" | grep -m1 ZHeap | sed -E 's/.* capacity ([0-9]+)M.*/\1/') ))
    fi
    stat=$(cut -d' ' -f14,15 "/proc/$pid/stat")
    ticks=$(( ticks + ${stat% *} + ${stat#* } ))
    rss=$(( rss + $(awk '/^VmRSS/ {print $2}' "/proc/$pid/status") ))
    fds=$(( fds + $(ls "/proc/$pid/fd" | wc -l) ))
    if [[ -n "$histo" ]]; then
      local f=$histo
      ((${#ROUTER_PIDS[@]} > 1)) && f="${histo%.txt}-$i.txt"
      jcmd "$pid" GC.class_histogram >"$f"
    fi
    i=$((i + 1))
  done
  jq -n --argjson used "$used" --argjson total "$total" --argjson rss "$rss" --argjson fds "$fds" \
    --argjson ticks "$ticks" --argjson at "$(date +%s%3N)" --argjson nodes "${#ROUTER_PIDS[@]}" \
    '{at_ms: $at, nodes: $nodes, heap_used_kb: $used, heap_committed_kb: $total, rss_kb: $rss, open_files: $fds, cpu_ticks: $ticks}'
}

router_json() { # router_json DIR MEASUREMENTS_JSON
  local warn=0 f
  for f in "$1"/router*.log "$1"/nginx.log; do
    [[ -f "$f" ]] && warn=$(( warn + $(grep -c -E 'WARN|ERROR|Exception|\[error\]|\[crit\]|\[alert\]' "$f" || true) ))
  done
  jq -n --argjson m "$2" --arg env "$ROUTER_ENV_WORDS" --arg cmd "$ROUTER_CMD" \
    --argjson clk "$(getconf CLK_TCK)" --argjson busy "$MACHINE_BUSY_BEFORE" \
    --arg jar "$ROUTER_JAR (built $ROUTER_JAR_BUILT, sha256 $ROUTER_JAR_SHA…)" \
    --argjson warn "$warn" --arg pids "${SERVER_PIDS[*]}" \
    '{command: $cmd, jar: $jar, env: {words: $env}, pids: $pids, clk_tck: $clk, log_warnings_or_errors: $warn,
      machine_busy_percent_before_start: $busy} + $m' >"$1/router.json"
}

# report SCENARIO KIND DIR COMMANDS...: merges DIR into results/SCENARIO-STAMP.{json,md}.
report() {
  local scenario=$1 kind=$2 dir=$3; shift 3
  local out=$RESULTS/$scenario-$STAMP
  java -jar "$BENCH_JAR" report --scenario "$kind" --title "$scenario" --run-dir "$dir" --out "$out.json" --out-md "$out.md"
  links_table "$dir" >>"$out.md"
  {
    echo; echo "Commands (run directory \`${dir#$ROOT/}\`):"; echo
    printf '    %s\n' "$@"
  } >>"$out.md"
  log "wrote $out.json and $out.md"
  cat "$out.md" >&2
}

# links_table DIR: for a cluster run, what the node-to-node links carried during each level, next to
# what the cost model in docs/architecture.md predicts for this scenario (random unicast, no buddies, the
# sender's calls on its home): a message crosses with probability (N-1)/N, a login and a logout each send
# one PUT or REMOVE to every other node.
links_table() {
  local dir=$1 f rate
  compgen -G "$dir/links-rate-*.json" >/dev/null || return 0
  [[ "$(jq 'length' "$(ls "$dir"/links-rate-*.json | head -1)")" != 0 ]] || return 0
  echo; echo "Node-to-node links during each level (all nodes; the level's logins, warm-up and logouts included):"; echo
  echo "| target msg/s | nodes | messages posted | frames | predicted frames | batches | frames per batch | bytes per frame | resends |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for f in $(ls "$dir"/links-rate-*.json | sort -t- -k3 -n); do
    rate=${f##*links-rate-}; rate=${rate%.json}
    jq -r --arg rate "$rate" --slurpfile g "$dir/gen-rate-$rate.json" \
      '($g[0].parameters.ports | length) as $n
       | (($g[0].traffic.messages.posted // 0) + ($g[0].warmup.posted // 0)) as $m
       | ($g[0].logins.ok // 0) as $l
       | ($m * ($n - 1) / $n + 2 * $l * ($n - 1) | round) as $p
       | "| \($rate) | \($n) | \($m) | \(.frames) | \($p) | \(.batches) | \(if .batches > 0 then (.frames / .batches * 100 | round / 100) else "-" end) | \(if .frames > 0 then (.bytes / .frames | round) else "-" end) | \(.resends) |"' "$f"
  done
}

# past_knee GEN_JSON KIND TARGET: whether this level is beyond the knee (p99 over the limit, any loss or
# duplicate, or less than 95 % of the target sent), or failed.
past_knee() {
  local f=$1 kind=$2 target=$3
  [[ -s "$f" ]] || return 0
  jq -e 'has("error")' "$f" >/dev/null && return 0
  local expr limit=$TP_KNEE_P99_MS
  [[ "$kind" == rooms ]] && limit=$ROOM_KNEE_P99_MS
  case "$kind" in
    churn) expr='.churn as $c | ($c.presence_latency_ms.p99 > $p99) or ($c.lost_presences > 0)
             or ($c.duplicate_presences > 0) or ($c.transitions_per_second < 0.95 * $t)' ;;
    rooms) expr='.traffic as $x | ($x.messages.latency_ms.p99 > $p99) or ($x.messages.lost > 0)
             or ($x.messages.duplicates > 0) or ($x.sent_per_second < 0.95 * $t)' ;;
    *) expr='.traffic as $x | ($x.messages.latency_ms.p99 > $p99) or ($x.messages.lost > 0)
             or ($x.messages.duplicates > 0) or ($x.sent_per_second < 0.95 * $t)' ;;
  esac
  jq -e --argjson p99 "$limit" --argjson t "$target" "$expr" "$f" >/dev/null
}

# others_percent GEN_JSON SAMPLES: CPU that neither the server nor the generator used during the level's
# traffic window (other work on this shared machine), % of one core; -1 when unknown.
others_percent() {
  local f=$1 samples=$2 from to gen
  from=$(jq -r '.traffic_started_at_ms // empty' "$f" 2>/dev/null) || true
  to=$(jq -r '.traffic_ended_at_ms // empty' "$f" 2>/dev/null) || true
  gen=$(jq -r '.generator_cpu.traffic.cpu_percent_of_one_core // empty' "$f" 2>/dev/null) || true
  if [[ -z "$from" || -z "$to" || -z "$gen" || ! -s "$samples" ]]; then echo -1; return; fi
  awk -v from="$from" -v to="$to" -v gen="$gen" -v clk="$(getconf CLK_TCK)" '
    NF >= 5 && $1 >= from && $1 <= to { if (!n++) { t0 = $1; c0 = $2; m0 = $5 } t1 = $1; c1 = $2; m1 = $5 }
    END { if (n < 2 || t1 == t0) { print -1; exit }
          s = 100000 / clk / (t1 - t0); o = (m1 - m0) * s - (c1 - c0) * s - gen; printf "%d\n", (o < 0 ? 0 : o) }' "$samples"
}

# run_gen LOG CMD...: runs one generator process in the foreground (killable by cleanup).
run_gen() {
  local logf=$1; shift
  "$@" >"$logf" 2>&1 &
  GEN_PIDS=($!)
  wait "${GEN_PIDS[0]}" || log "generator exited with status $? (see $logf)"
  GEN_PIDS=()
  tail -1 "$logf" >&2 || true
}

# capacity_run NAME DIR TOTAL PROCS: users hold polls from PROCS generators against the started router(s).
capacity_run() {
  local name=$1 dir=$2 total=$3 procs=$4
  sleep 2
  local idle loaded released per i cmds=()
  idle=$(measure_router "$dir/histogram-idle.txt")
  log "router idle: $idle"
  per=$((total / procs))
  GEN_PIDS=()
  for ((i = 0; i < procs; i++)); do
    local source=""
    ((CAP_BIND)) && source="127.0.0.$((i + 2))"
    local cmd=(java -Xmx"$GEN_XMX" -jar "$BENCH_JAR" capacity --port "$PORT" --ports "$PORTS" --local-address "$source"
      --users "$per" --first-user "$((i * per))" --buddies "$CAP_BUDDIES" --hold-seconds "$CAP_HOLD_S"
      --router-poll-timeout-ms "$CAP_POLL_TIMEOUT_MS" --ready-file "$dir/ready-$i.json" --out "$dir/gen-$i.json")
    cmds+=("${cmd[*]}")
    "${cmd[@]}" >"$dir/gen-$i.log" 2>&1 &
    GEN_PIDS+=($!)
  done
  log "started $procs generators with $per users each; waiting until all hold their polls"
  local waited=0 ready
  while :; do
    ready=$(find "$dir" -maxdepth 1 -name 'ready-*.json' | wc -l)
    ((ready == procs)) && break
    for i in "${!GEN_PIDS[@]}"; do
      if ! kill -0 "${GEN_PIDS[$i]}" 2>/dev/null && [[ ! -f "$dir/ready-$i.json" ]]; then
        log "generator $i ended before holding:"; tail -5 "$dir/gen-$i.log" >&2; break 2
      fi
    done
    sleep 1; waited=$((waited + 1))
    if ((waited > 300)); then log "generators not ready after 300 s; measuring anyway"; break; fi
  done
  sleep 5 # let the last re-polls and presences settle before measuring
  loaded=$(measure_router "$dir/histogram-loaded.txt")
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
  stop_servers
  report "$name" capacity "$dir" "$ROUTER_ENV_WORDS $ROUTER_CMD" "${cmds[@]}"
}

run_capacity() {
  local dir=$RESULTS/capacity-$STAMP
  mkdir -p "$dir"
  start_router "$dir" "$CAP_POLL_TIMEOUT_MS"
  capacity_run capacity "$dir" "$CAP_TOTAL" "$CAP_PROCS"
}

run_capacity_cluster() {
  local dir=$RESULTS/capacity-cluster-$STAMP
  mkdir -p "$dir"
  start_cluster "$dir" "$CAP_POLL_TIMEOUT_MS"
  capacity_run capacity-cluster "$dir" "$CAPC_TOTAL" "$CAPC_PROCS"
}

# levels NAME DIR KIND RATES EXTRA_ARGS...: one generator process per rate, fresh users each, until the
# first level past the knee. KIND: throughput (unicast), rooms (EXTRA has --room-size; rates are
# deliveries/s), churn. Appends the commands to LEVEL_CMDS.
levels() {
  local name=$1 dir=$2 kind=$3 rates=$4; shift 4
  local level=0 rate gen_rate sub=throughput size=0 a past=0
  local prev=""
  for a in "$@"; do
    if [[ "$prev" == --room-size ]]; then size=$a; fi
    prev=$a
  done
  [[ "$kind" == churn ]] && sub=churn
  for rate in ${rates//,/ }; do
    gen_rate=$rate
    ((size > 1)) && gen_rate=$(( (rate + size - 2) / (size - 1) ))
    local out="$dir/gen-rate-$rate.json"
    local cmd=(java -Xmx"$GEN_XMX" -jar "$BENCH_JAR" "$sub" --port "$PORT" --ports "$PORTS" --local-address 127.0.0.2
      --first-user "$(( (LEVEL_BASE + level) * 1000000 ))" --rate "$gen_rate" --seed "$((level + 1))" --out "$out" "$@")
    LEVEL_CMDS+=("${cmd[*]}")
    log "$name level $level: $rate/s ($gen_rate $sub/s)"
    local links_before
    links_before=$(link_totals)
    run_gen "$dir/gen-rate-$rate.log" "${cmd[@]}"
    # A level during which other work on this shared machine took more than LEVEL_OTHERS_MAX % of a core
    # is run again (up to LEVEL_RETRIES times); the disturbed attempt is kept aside as disturbed-*.
    local try=0 others
    others=$(others_percent "$out" "${LEVEL_SAMPLES:-$dir/router-samples.txt}")
    while ((others > LEVEL_OTHERS_MAX && try < LEVEL_RETRIES)); do
      try=$((try + 1))
      log "$name level $level: other processes took $others % of a core; running it again ($try/$LEVEL_RETRIES)"
      mv "$out" "$dir/disturbed-$try-$(basename "$out")"
      mv "$dir/gen-rate-$rate.log" "$dir/disturbed-$try-gen-rate-$rate.log"
      links_before=$(link_totals)
      run_gen "$dir/gen-rate-$rate.log" "${cmd[@]}"
      others=$(others_percent "$out" "${LEVEL_SAMPLES:-$dir/router-samples.txt}")
    done
    # Cluster levels: what the links carried during the level (logins of its users included).
    jq -n --argjson a "$links_before" --argjson b "$(link_totals)" \
      'if ($a | length) == 0 then {} else ($b | to_entries | map({key, value: (.value - $a[.key])}) | from_entries) end' \
      >"$dir/links-rate-$rate.json"
    if ((${#ROUTER_PIDS[@]} + ${#SERVER_PIDS[@]} > 0)) && ! kill -0 "${SERVER_PIDS[0]}" 2>/dev/null; then
      log "server died; see $dir"; break
    fi
    level=$((level + 1))
    # Two levels past the knee in a row end the stepping: one alone may be a burst of the neighbours'
    # load on this shared machine (each table shows how much CPU other processes took).
    if past_knee "$out" "$kind" "$gen_rate"; then
      past=$((past + 1))
      if ((past >= KNEE_CONFIRM)); then log "past the knee at $rate/s ($past levels in a row): stopping"; break; fi
      log "past the knee at $rate/s; one more level to confirm"
    else
      past=0
    fi
  done
}

tp_args() { # the throughput generator's options besides port, users, rate
  echo --shards "$TP_SHARDS" --duration-seconds "$1" --grace-seconds "$TP_GRACE_S" --warmup-seconds "$2" \
    --ack "$TP_ACK" --router-poll-timeout-ms "$TP_POLL_TIMEOUT_MS" --same-node "$TP_SAME_NODE" \
    --rest-pool "$TP_REST_POOL"
}

# throughput_on DIR SERVER RATES DURATION WARMUP NAME: starts SERVER (router|cluster|nchan), runs the levels.
throughput_on() {
  local dir=$1 server=$2 rates=$3 dur=$4 warm=$5 name=$6
  mkdir -p "$dir"
  case "$server" in
    router) start_router "$dir" "$TP_POLL_TIMEOUT_MS" ;;
    cluster) start_cluster "$dir" "$TP_POLL_TIMEOUT_MS" ;;
    nchan) start_nchan "$dir" ;;
  esac
  sleep 2
  local idle="{}" after="{}"
  ((${#ROUTER_PIDS[@]})) && idle=$(measure_router)
  LEVEL_CMDS=(); LEVEL_BASE=0
  local backend=router
  [[ "$server" == nchan ]] || jit_warmup "$dir"
  [[ "$server" == nchan ]] && backend=nchan
  # shellcheck disable=SC2046
  levels "$name" "$dir" throughput "$rates" --users "$TP_USERS" --backend "$backend" $(tp_args "$dur" "$warm")
  ((${#ROUTER_PIDS[@]})) && after=$(measure_router)
  router_json "$dir" "$(jq -n --argjson i "$idle" --argjson a "$after" '{idle: $i, after: $a}')"
  stop_servers
  report "$name" throughput "$dir" "$ROUTER_ENV_WORDS $ROUTER_CMD" "${LEVEL_CMDS[@]}"
}

# jit_warmup DIR: JIT_WARMUP_S seconds of the throughput workload at JIT_WARMUP_RATE msg/s, with users of
# their own, before the measured levels; its result is kept as jit-warmup.json and not reported.
jit_warmup() {
  local dir=$1
  ((JIT_WARMUP_S > 0)) || return 0
  log "JIT warm-up: ${JIT_WARMUP_S} s at ${JIT_WARMUP_RATE} msg/s (not reported)"
  # shellcheck disable=SC2046
  run_gen "$dir/jit-warmup.log" java -Xmx"$GEN_XMX" -jar "$BENCH_JAR" throughput --port "$PORT" --ports "$PORTS" \
    --local-address 127.0.0.2 --first-user 900000000 --rate "$JIT_WARMUP_RATE" --seed 99 --out "$dir/jit-warmup.json" \
    --users "$TP_USERS" $(tp_args "$JIT_WARMUP_S" 0)
}

run_throughput() {
  throughput_on "$RESULTS/throughput-$STAMP" router "$TP_RATES" "$TP_DURATION_S" "$TP_WARMUP_S" throughput
}

run_nchan() {
  throughput_on "$RESULTS/nchan-$STAMP" nchan "$NCHAN_RATES" "$TP_DURATION_S" "$TP_WARMUP_S" nchan
}

# versus: the router and Nchan side by side, level by level. Both servers run at once (each idle while
# the other is loaded) and each rate is offered to the router, then to Nchan, so that bursts of other
# work on this shared machine fall on both alike. Writes this run's throughput and nchan results; each
# side stops after KNEE_CONFIRM levels in a row past its knee.
run_versus() {
  local rdir=$RESULTS/throughput-$STAMP ndir=$RESULTS/nchan-$STAMP
  mkdir -p "$rdir" "$ndir"
  start_router "$rdir" "$TP_POLL_TIMEOUT_MS"
  local r_pids=("${SERVER_PIDS[@]}") r_router_pids=("${ROUTER_PIDS[@]}") r_port=$PORT r_sampler=$SAMPLER_PID
  local r_cmd=$ROUTER_CMD r_env=$ROUTER_ENV_WORDS r_busy=$MACHINE_BUSY_BEFORE
  start_nchan "$ndir"
  local n_pids=("${SERVER_PIDS[@]}") n_port=$PORT n_sampler=$SAMPLER_PID n_cmd=$ROUTER_CMD n_busy=$MACHINE_BUSY_BEFORE
  SERVER_PIDS=("${r_pids[@]}" "${n_pids[@]}")
  EXTRA_SAMPLERS+=("$r_sampler")
  sleep 2
  ROUTER_PIDS=("${r_router_pids[@]}")
  local idle after rate r_past=0 n_past=0 r_on=1 n_on=1 base=0 r_cmds=() n_cmds=()
  # The router's JIT warms up first (JIT_WARMUP_S; nginx has nothing to compile).
  PORT=$r_port; PORTS=$r_port
  jit_warmup "$rdir"
  idle=$(measure_router)
  for rate in ${TP_RATES//,/ }; do
    ((r_on || n_on)) || break
    if ((r_on)); then
      PORT=$r_port; PORTS=$r_port; LEVEL_CMDS=(); LEVEL_BASE=$base
      # shellcheck disable=SC2046
      levels "router" "$rdir" throughput "$rate" --users "$TP_USERS" --backend router $(tp_args "$TP_DURATION_S" "$TP_WARMUP_S")
      r_cmds+=("${LEVEL_CMDS[@]}")
      if past_knee "$rdir/gen-rate-$rate.json" throughput "$rate"; then r_past=$((r_past + 1)); else r_past=0; fi
      if ((r_past >= KNEE_CONFIRM)); then log "router: $r_past levels in a row past the knee; its stepping ends"; r_on=0; fi
    fi
    base=$((base + 1))
    if ((n_on)); then
      PORT=$n_port; PORTS=$n_port; LEVEL_CMDS=(); LEVEL_BASE=$base
      # shellcheck disable=SC2046
      levels "nchan" "$ndir" throughput "$rate" --users "$TP_USERS" --backend nchan $(tp_args "$TP_DURATION_S" "$TP_WARMUP_S")
      n_cmds+=("${LEVEL_CMDS[@]}")
      if past_knee "$ndir/gen-rate-$rate.json" throughput "$rate"; then n_past=$((n_past + 1)); else n_past=0; fi
      if ((n_past >= KNEE_CONFIRM)); then log "nchan: $n_past levels in a row past the knee; its stepping ends"; n_on=0; fi
    fi
    base=$((base + 1))
  done
  ROUTER_PIDS=("${r_router_pids[@]}")
  after=$(measure_router)
  ROUTER_CMD=$r_cmd; ROUTER_ENV_WORDS=$r_env; MACHINE_BUSY_BEFORE=$r_busy; SERVER_PIDS=("${r_pids[@]}")
  router_json "$rdir" "$(jq -n --argjson i "$idle" --argjson a "$after" '{idle: $i, after: $a}')"
  local p
  for p in "${r_pids[@]}"; do stop_pid "$p"; done
  kill "$r_sampler" 2>/dev/null || true
  ROUTER_CMD=$n_cmd; ROUTER_ENV_WORDS=""; MACHINE_BUSY_BEFORE=$n_busy; SERVER_PIDS=("${n_pids[@]}"); ROUTER_PIDS=()
  SAMPLER_PID=$n_sampler
  router_json "$ndir" '{"idle": {}, "after": {}}'
  stop_servers
  report throughput throughput "$rdir" "$r_env $r_cmd" "${r_cmds[@]}"
  report nchan throughput "$ndir" "$n_cmd" "${n_cmds[@]}"
}

run_cluster() {
  local JIT_WARMUP_S=$CL_JIT_WARMUP_S
  if [[ ! -f "$RESULTS/throughput-$STAMP.json" ]]; then
    throughput_on "$RESULTS/cluster-single-$STAMP" router "$CL_RATES" "$CL_DURATION_S" "$CL_WARMUP_S" cluster-single
  fi
  throughput_on "$RESULTS/cluster-$STAMP" cluster "$CL_RATES" "$CL_DURATION_S" "$CL_WARMUP_S" cluster
}

# cluster-ab: one node and a 2-node cluster, both started and warmed; each of CLAB_ROUNDS rounds offers
# every rate of CL_RATES to the one node, then to the cluster, so the bursts of other work on this shared
# box (one node's p99 at 8,000 msg/s moved 5-163 ms from one run to the next here) fall on both alike.
# Writes a report per side and round and a summary (cluster-ab-STAMP.md): per rate and side the median of
# the rounds, and each side's knee taken from the medians.
CLAB_ROUNDS=${CLAB_ROUNDS:-3}
run_cluster_ab() {
  # Every round runs every rate (no stopping past the knee), so each median is over all the rounds.
  local JIT_WARMUP_S=$CL_JIT_WARMUP_S KNEE_CONFIRM=1000000 base=$RESULTS/cluster-ab-$STAMP
  local sdir=$base/single cdir=$base/cluster
  mkdir -p "$sdir" "$cdir"
  start_router "$sdir" "$TP_POLL_TIMEOUT_MS"
  local s_pids=("${SERVER_PIDS[@]}") s_port=$PORT s_sampler=$SAMPLER_PID s_cmd="$ROUTER_ENV_WORDS $ROUTER_CMD"
  start_cluster "$cdir" "$TP_POLL_TIMEOUT_MS"
  local c_pids=("${SERVER_PIDS[@]}") c_ports=$PORTS c_port=$PORT c_sampler=$SAMPLER_PID c_cmd="$ROUTER_ENV_WORDS $ROUTER_CMD"
  EXTRA_SAMPLERS+=("$s_sampler")
  SERVER_PIDS=("${s_pids[@]}" "${c_pids[@]}")
  sleep 2
  local round side dir cmd base_no=0
  for side in single cluster; do cluster_ab_side "$side"; jit_warmup "$base/$side"; done
  for ((round = 1; round <= CLAB_ROUNDS; round++)); do
    for side in single cluster; do
      dir=$base/$side/round-$round; mkdir -p "$dir"
      ln -sf ../router-samples.txt "$dir/router-samples.txt"
      echo '{"idle": {}, "after": {}}' >"$dir/router.json"
      cluster_ab_side "$side"
      LEVEL_CMDS=(); LEVEL_BASE=$base_no
      # shellcheck disable=SC2046
      levels "$side round $round" "$dir" throughput "$CL_RATES" --users "$TP_USERS" --backend router \
        $(tp_args "$CL_DURATION_S" "$CL_WARMUP_S")
      base_no=$((base_no + 10))
      report "cluster-ab-$side-round-$round" throughput "$dir" "$cmd" "${LEVEL_CMDS[@]}"
    done
  done
  kill "$s_sampler" 2>/dev/null || true
  SAMPLER_PID=$c_sampler
  stop_servers
  cluster_ab_summary >"$base.md"
  log "wrote $base.md"; cat "$base.md" >&2
}

# cluster_ab_side SIDE: points PORT, PORTS, ROUTER_PIDS and cmd at one side of run_cluster_ab (its locals).
cluster_ab_side() {
  if [[ $1 == single ]]; then PORT=$s_port; PORTS=$s_port; ROUTER_PIDS=("${s_pids[@]}"); cmd=$s_cmd
  else PORT=$c_port; PORTS=$c_ports; ROUTER_PIDS=("${c_pids[@]}"); cmd=$c_cmd; fi
}

# cluster_ab_summary: the rounds' reports of cluster-ab as one table (medians over the rounds) and knees.
cluster_ab_summary() {
  jq -rn --argjson p99 "$TP_KNEE_P99_MS" --arg rates "$CL_RATES" '
    # the middle value (the lower of the two middle ones for an even number of rounds)
    def median: sort | if length == 0 then null else .[(length - 1) / 2 | floor] end;
    [inputs | {side: (input_filename | capture("cluster-ab-(?<s>single|cluster)-round").s), levels}] as $r
    | ($rates | split(",") | map(tonumber)) as $rates
    | [ $rates[] as $t | ("single", "cluster") as $s
        | [ $r[] | select(.side == $s) | .levels[] | select(.target_per_second == $t) ] as $l
        | { t: $t, s: $s, n: ($l | length),
            sent: ($l | map(.sent_per_second) | median), p50: ($l | map(.latency_ms.p50) | median),
            p99: ($l | map(.latency_ms.p99) | median), p99s: ($l | map(.latency_ms.p99)),
            cpu: ($l | map(.router_cpu_us_per_message) | median),
            lost: ($l | map(.lost + .duplicates) | add), machine: ($l | map(.machine_cpu_percent_of_one_core) | median) } ] as $rows
    | def ok: .n > 0 and .p99 <= $p99 and .sent >= 0.95 * .t and .lost == 0;
      # the highest rate below which every rate held too
      def knee($s): [ $rows[] | select(.s == $s) ] | sort_by(.t)
        | reduce .[] as $x ({ok: true, k: null}; if .ok and ($x | ok) then .k = $x.t else .ok = false end) | .k;
    "| target msg/s | side | rounds | sent/s (median) | p50 ms | p99 ms (median) | p99 ms of each round | server CPU µs/msg | lost + duplicated | machine CPU % |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ($rows[] | "| \(.t) | \(.s) | \(.n) | \(.sent) | \(.p50) | \(.p99) | \(.p99s | map(tostring) | join(", ")) | \(.cpu) | \(.lost) | \(.machine) |"),
    "",
    "Knee (the highest rate at which, and at every rate below it, the medians have p99 <= \($p99) ms, >= 95 % sent and nothing lost): one node \(knee("single") // "none"), the cluster \(knee("cluster") // "none")" +
      (if (knee("single") // 0) > 0 and knee("cluster") != null then ", ratio \(knee("cluster") / knee("single") * 100 | round / 100)" else "" end) + ".",
    "",
    "CPU per message at each rate, cluster over one node: " +
      ([ $rates[] as $t | ([ $rows[] | select(.t == $t and .s == "single") | .cpu ][0]) as $a
         | ([ $rows[] | select(.t == $t and .s == "cluster") | .cpu ][0]) as $b
         | if $a and $b then "\($t): \($b / $a * 100 | round / 100)x" else empty end ] | join(", ")) + "."
  ' "$RESULTS"/cluster-ab-single-round-*-"$STAMP".json "$RESULTS"/cluster-ab-cluster-round-*-"$STAMP".json
}

run_baseline() {
  local dir=$RESULTS/baseline-$STAMP
  mkdir -p "$dir"
  check_machine
  PORT=$(free_port)
  local scmd=(java -Xmx256m -jar "$BENCH_JAR" echo-server --port "$PORT" --seconds 300)
  "${scmd[@]}" >"$dir/echo-server.log" 2>&1 &
  SERVER_PIDS=($!); ROUTER_PIDS=()
  wait_for_line "$dir/echo-server.log" "listening" "${SERVER_PIDS[0]}" 30 || exit 1
  start_sampler "$dir/router-samples.txt" "${SERVER_PIDS[0]}"
  ROUTER_CMD="${scmd[*]}"; ROUTER_ENV_WORDS=""
  local cmd=(java -Xmx"$GEN_XMX" -jar "$BENCH_JAR" http-max --port "$PORT" --local-address 127.0.0.2
    --shards "$TP_SHARDS" --connections "$BASE_CONNECTIONS" --duration-seconds "$BASE_DURATION_S"
    --out "$dir/gen-http-max.json")
  log "baseline: closed loop against the trivial endpoint on $PORT"
  run_gen "$dir/gen-http-max.log" "${cmd[@]}"
  router_json "$dir" '{}'
  stop_servers
  report baseline http-max "$dir" "${scmd[*]}" "${cmd[*]}"
}

run_rooms() {
  local dir=$RESULTS/rooms-$STAMP size
  mkdir -p "$dir"
  start_router "$dir" "$TP_POLL_TIMEOUT_MS"
  sleep 2
  local idle after
  idle=$(measure_router)
  LEVEL_CMDS=(); LEVEL_BASE=0
  LEVEL_SAMPLES=$dir/router-samples.txt
  for size in ${ROOM_SIZES//,/ }; do
    mkdir -p "$dir/size-$size"
    # shellcheck disable=SC2046
    levels "rooms of $size" "$dir/size-$size" rooms "$ROOM_RATES" --users "$ROOM_USERS" --room-size "$size" \
      $(tp_args "$ROOM_DURATION_S" "$ROOM_WARMUP_S")
    LEVEL_BASE=$((LEVEL_BASE + 10))
    for f in "$dir/size-$size"/gen-rate-*.json; do
      [[ -f "$f" ]] && cp "$f" "$dir/gen-size-$size-$(basename "$f" | sed 's/gen-//')"
    done
  done
  LEVEL_SAMPLES=""
  after=$(measure_router)
  router_json "$dir" "$(jq -n --argjson i "$idle" --argjson a "$after" '{idle: $i, after: $a}')"
  stop_servers
  report rooms rooms "$dir" "$ROUTER_ENV_WORDS $ROUTER_CMD" "${LEVEL_CMDS[@]}"
}

run_churn() {
  local dir=$RESULTS/churn-$STAMP
  mkdir -p "$dir"
  start_router "$dir" "$TP_POLL_TIMEOUT_MS"
  sleep 2
  local idle after
  idle=$(measure_router)
  LEVEL_CMDS=(); LEVEL_BASE=0
  levels churn "$dir" churn "$CHURN_RATES" --users "$CHURN_USERS" --buddies "$CHURN_BUDDIES" --shards "$TP_SHARDS" \
    --duration-seconds "$CHURN_DURATION_S" --grace-seconds "$TP_GRACE_S" --router-poll-timeout-ms "$TP_POLL_TIMEOUT_MS"
  after=$(measure_router)
  router_json "$dir" "$(jq -n --argjson i "$idle" --argjson a "$after" '{idle: $i, after: $a}')"
  stop_servers
  report churn churn "$dir" "$ROUTER_ENV_WORDS $ROUTER_CMD" "${LEVEL_CMDS[@]}"
}

# profile: the router's CPU by method and area (JFR) while it carries PROF_RATES msg/s; profile-cluster:
# the same on both nodes of a 2-node cluster (users spread over both, every other message crosses).
run_profile() {
  local server=${1:-router} name=profile
  [[ "$server" == cluster ]] && name=profile-cluster
  local dir=$RESULTS/$name-$STAMP rate i
  mkdir -p "$dir"
  if [[ "$server" == cluster ]]; then start_cluster "$dir" "$TP_POLL_TIMEOUT_MS"; else start_router "$dir" "$TP_POLL_TIMEOUT_MS"; fi
  sleep 2
  # JDK's profile settings, sampling every PROF_SAMPLE_MS (default 10 ms gives too few samples for a 20 s level).
  local jfc="$dir/profile.jfc"
  sed -E '/name="jdk.ExecutionSample"/,/<\/event>/ s#<setting name="period"([^>]*)>[^<]*<#<setting name="period"\1>'"${PROF_SAMPLE_MS:-1}"' ms<#' \
    "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" >"$jfc"
  # The recording starts before the JIT warm-up: starting one recompiles much of the hot path (measured: the
  # C2 compiler took 25-48 % of a core during a level profiled from a recording started just before it), so
  # that happens in the warm-up, and each level's samples are cut out of the recording by time.
  for i in "${!ROUTER_PIDS[@]}"; do
    jcmd "${ROUTER_PIDS[$i]}" JFR.start name=bench settings="$jfc" >/dev/null
  done
  jit_warmup "$dir"
  LEVEL_CMDS=(); LEVEL_BASE=0
  {
    echo "# Router CPU profile (JFR)${server/router/}"; echo
    echo "Router: \`$ROUTER_ENV_WORDS $ROUTER_CMD\`, jar $ROUTER_JAR_SHA…; machine busy before start: $MACHINE_BUSY_BEFORE % of 200."
  } >"$RESULTS/$name-$STAMP.md"
  local begin
  for rate in ${PROF_RATES//,/ }; do
    begin=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    # shellcheck disable=SC2046
    levels "$name" "$dir" throughput "$rate" --users "$TP_USERS" $(tp_args "$PROF_DURATION_S" "$TP_WARMUP_S")
    for i in "${!ROUTER_PIDS[@]}"; do
      jcmd "${ROUTER_PIDS[$i]}" JFR.dump name=bench begin="$begin" filename="$dir/router-$i-$rate.jfr" >/dev/null
    done
    {
      echo; echo "## $rate msg/s offered"; echo
      jq -r '.traffic | "delivered \(.messages.delivered) of \(.messages.posted) posted, p50 \(.messages.latency_ms.p50) ms, p99 \(.messages.latency_ms.p99) ms"' \
        "$dir/gen-rate-$rate.json" 2>/dev/null || true
      for i in "${!ROUTER_PIDS[@]}"; do
        echo; ((${#ROUTER_PIDS[@]} > 1)) && { echo "### node $i"; echo; }
        jfr print --json --events jdk.ExecutionSample "$dir/router-$i-$rate.jfr" | python3 "$HERE/jfr_top.py"
      done
    } >>"$RESULTS/$name-$STAMP.md"
  done
  for i in "${!ROUTER_PIDS[@]}"; do
    jcmd "${ROUTER_PIDS[$i]}" JFR.stop name=bench >/dev/null
  done
  stop_servers
  log "wrote $RESULTS/$name-$STAMP.md"
  cat "$RESULTS/$name-$STAMP.md" >&2
}

# run_gateway: for each database of GW_DBS, a fresh router (pages kept 10 minutes: the measured logins
# are never polled) and a fresh gateway, then bench.jar gateway against it; one Markdown table in
# results/gateway-STAMP.md (the JSON of each database beside it).
run_gateway() {
  local dir=$RESULTS/gateway-$STAMP db gw_port gw_pid key secret
  mkdir -p "$dir"
  if [[ ! -f "$GATEWAY_JAR" || "${BUILD_GATEWAY:-0}" == 1 ]]; then
    log "building community-gateway"
    (cd "$ROOT" && mvn -o -q -pl community-gateway -am package -DskipTests)
  fi
  cp "$GATEWAY_JAR" "$RUN_TMP/community-gateway.jar"
  key=bench-site-key; secret=bench-jwt-secret-of-at-least-32-bytes
  {
    echo "# Community gateway: /webim/online by buddy-list size, /webim/message"; echo
    echo "Command: \`GW_BUDDIES=$GW_BUDDIES GW_ONLINE_CALLS=$GW_ONLINE_CALLS GW_DBS=$GW_DBS bench/run.sh gateway\`;" \
      "one login at a time; each user has 10 % of its buddies online, 5 rooms and 10 open chats with 30 messages each."
    echo
    echo "| database | buddies | online calls | p50 ms | p99 ms | statements/call | transactions/call | reply KB |"
    echo "|---|---|---|---|---|---|---|---|"
  } >"$RESULTS/gateway-$STAMP.md"
  local msg_rows=()
  for db in ${GW_DBS//,/ }; do
    ROUTER_IDLE_TIMEOUT_MS=600000 start_router "$dir" 28000
    local db_env="GATEWAY_DB_URL=jdbc:h2:file:$RUN_TMP/gw-h2/gateway"
    if [[ "$db" == postgres ]]; then
      # shellcheck disable=SC1091
      source "$ROOT/.ci/postgres.sh"
      PG_TEST_PORT=$GW_PG_PORT start_test_postgres >"$dir/pg.txt" || { log "no PostgreSQL: skipped"; stop_servers; continue; }
      GW_PG_DIR=$(sed -nE 's/.*\(data in ([^)]*)\).*/\1/p' "$dir/pg.txt")
      db_env="GATEWAY_DB_URL=$GATEWAY_TEST_PG_URL GATEWAY_DB_USER=$GATEWAY_TEST_PG_USER GATEWAY_DB_PASSWORD=$GATEWAY_TEST_PG_PASSWORD"
    fi
    gw_port=$(free_port)
    log "starting gateway on 127.0.0.1:$gw_port ($db)"
    # shellcheck disable=SC2086
    env GATEWAY_PORT=$gw_port GATEWAY_HOST=127.0.0.1 GATEWAY_ROUTER_URL=http://127.0.0.1:$PORT \
      GATEWAY_SITE_API_KEY=$key GATEWAY_JWT_SECRET=$secret GATEWAY_RATE_LIMITS=$BENCH_RATE_LIMITS $db_env \
      java -Xmx$GW_XMX -jar "$RUN_TMP/community-gateway.jar" >"$dir/gateway-$db.log" 2>&1 &
    gw_pid=$!; SERVER_PIDS+=("$gw_pid")
    wait_for_line "$dir/gateway-$db.log" "listening" "$gw_pid" 60 || exit 1
    java -Xmx$GEN_XMX -jar "$BENCH_JAR" gateway --gateway-url "http://127.0.0.1:$gw_port" --site-key "$key" \
      --jwt-secret "$secret" --buddies "$GW_BUDDIES" --online-calls "$GW_ONLINE_CALLS" \
      --message-seconds "$GW_MESSAGE_SECONDS" --message-concurrency "$GW_MESSAGE_CONCURRENCY" --label "$db" \
      --out "$dir/gateway-$db.json" 2>"$dir/gen-$db.log" || { log "bench failed:"; tail -20 "$dir/gen-$db.log" >&2; }
    stop_servers
    if [[ "$db" == postgres && -n "${GW_PG_DIR:-}" ]]; then
      su postgres -c "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/pg_ctl -D $GW_PG_DIR/data -m fast stop" >/dev/null || true
      rm -rf "$GW_PG_DIR"
      GW_PG_DIR=""
    fi
    [[ -f "$dir/gateway-$db.json" ]] || continue
    jq -r --arg db "$db" '.online[] | "| \($db) | \(.buddies) | \(.calls) | \(.latency_ms.p50) | \(.latency_ms.p99) | \(.statements_per_call) | \(.transactions_per_call) | \(.reply_bytes / 1024 | floor) |"' \
      "$dir/gateway-$db.json" >>"$RESULTS/gateway-$STAMP.md"
    msg_rows+=("$(jq -r --arg db "$db" '.message | "| \($db) | \(.senders) | \(.per_second) | \(.latency_ms.p50) | \(.latency_ms.p99) | \(.statements_per_message) | \(.failed) |"' "$dir/gateway-$db.json")")
  done
  {
    echo; echo "| database | senders (closed loop) | /webim/message per s | p50 ms | p99 ms | statements/message | failed |"
    echo "|---|---|---|---|---|---|---|"
    printf '%s\n' "${msg_rows[@]}"
  } >>"$RESULTS/gateway-$STAMP.md"
  log "wrote $RESULTS/gateway-$STAMP.md"
  cat "$RESULTS/gateway-$STAMP.md" >&2
}

need_charts() {
  "$PYTHON" -c 'import matplotlib' 2>/dev/null || apt_need /usr/lib/python3/dist-packages/matplotlib python3-matplotlib \
    || { log "no matplotlib: charts skipped"; return 1; }
}

# charts: PNG charts and summary.md (tables with the ratios) for the results of STAMP.
charts() {
  need_charts || return 0
  "$PYTHON" "$HERE/charts.py" --results "$RESULTS" --stamp "$STAMP" --out "$RESULTS/charts-$STAMP" \
    && log "charts and summary in $RESULTS/charts-$STAMP"
  if [[ "$PUBLISH" == 1 && ( "$SCENARIO" == all || -n "${PUBLISH_GIVEN:-}" ) ]]; then
    mkdir -p "$ROOT/docs/bench"
    cp "$RESULTS/charts-$STAMP"/*.png "$RESULTS/charts-$STAMP/summary.md" "$ROOT/docs/bench/"
    log "published charts and summary.md to docs/bench/"
  fi
}

mkdir -p "$RESULTS"
case "$SCENARIO" in
  charts) STAMP=${2:-$(ls "$RESULTS" | sed -nE 's/^[a-z-]+-([0-9]{8}T[0-9]{6}Z)\.json$/\1/p' | sort | tail -1)}; charts; exit 0 ;;
esac
build
T0=$(date +%s)
case "$SCENARIO" in
  capacity) run_capacity ;;
  capacity-cluster) run_capacity_cluster ;;
  throughput) run_throughput ;;
  nchan) run_nchan ;;
  versus) run_versus ;;
  baseline) run_baseline ;;
  rooms) run_rooms ;;
  churn) run_churn ;;
  cluster) run_cluster ;;
  cluster-ab) run_cluster_ab ;;
  profile-cluster) run_profile cluster ;;
  profile) run_profile ;;
  gateway) run_gateway; exit 0 ;;
  all)
    run_baseline; run_versus; run_rooms; run_churn; run_cluster; run_capacity; run_capacity_cluster ;;
  *) echo "usage: $0 capacity|capacity-cluster|throughput|nchan|versus|baseline|rooms|churn|cluster|cluster-ab|profile|profile-cluster|gateway|all|charts [STAMP]" >&2; exit 2 ;;
esac
log "$SCENARIO took $(( $(date +%s) - T0 )) s"
charts
