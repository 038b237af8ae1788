#!/usr/bin/env bash
# The RDMA scenarios, run as root inside the harness guest, chrooted into the host's files (see
# init.sh). One soft-RoCE device (rxe0 on a veth, 10.77.0.1) carries every rsocket connection;
# a vanilla PostgreSQL primary listens on 127.0.0.1:5432 and 10.77.0.1:5432, and the relay on
# 10.77.0.1:5433 forwards to it. Evidence goes to $RESULTS: each process's log, the received and
# the primary's segments, exit-codes.txt, rdma-*.txt, summary.txt, and "completed" in status.
# Every wait is bounded; a step that cannot finish writes why to status and stops.
set -uo pipefail

source "$1"
readonly scratch=/run/harness
readonly address=10.77.0.1
readonly relay_port=5433
readonly password=replicator-secret
readonly wait_limit=300

mkdir -p "$scratch"/{tmp,home} "$RESULTS"
chown "$SERVER_USER" "$scratch"
export TMPDIR="$scratch/tmp" HOME="$scratch/home" DOTNET_ROOT DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
export PATH="$PG_BIN:$PATH" PGHOST="$scratch" PGUSER=postgres
exec > >(tee "$RESULTS/scenarios.log") 2>&1

step() { echo "== $(date +%T) $*"; }

fail() {
  echo "HARNESS FAILURE: $*"
  echo "failed: $*" >"$RESULTS/status"
  exit 1
}

# The server's log is written as the server account, which cannot write to $RESULTS.
trap 'cp "$scratch/postgres.log" "$RESULTS/" 2>/dev/null' EXIT

# wait_until SECONDS WHAT COMMAND...: polls COMMAND until it succeeds.
wait_until() {
  local deadline=$((SECONDS + $1)) what=$2
  shift 2
  until "$@"; do
    ((SECONDS < deadline)) || fail "timed out waiting for $what"
    sleep 0.5
  done
}

# Prefixes each line with the time, so a slow guest's logs still tell what took long.
timestamps() {
  local line
  while IFS= read -r line; do
    printf '%(%T)T %s\n' -1 "$line"
  done
}

count() { grep -c -- "$1" "$2" 2>/dev/null || true; }
has_at_least() { (($(count "$2" "$3") >= $1)); }
exited() { ! kill -0 "$1" 2>/dev/null; }

# run_exit NAME PID: waits for a process that must end by itself, and records its exit status.
record_exit() {
  local name=$1 pid=$2
  wait_until "$wait_limit" "$name to exit" exited "$pid"
  wait "$pid"
  echo "$name=$?" >>"$RESULTS/exit-codes.txt"
}

sql() { psql -X -q -At -v ON_ERROR_STOP=1 -c "$1"; }

# write_wal MEGABYTES: inserts rows until about that much WAL was written (rows of 512 random hex characters).
write_wal() {
  sql "INSERT INTO load SELECT g, repeat(md5(random()::text), 16) FROM generate_series(1, $(($1 * 1700))) AS g" || fail "write load failed"
}

start_relay() {
  local name=$1
  "$AGENT" relay --listen "$address:$relay_port" --target 127.0.0.1:5432 -v > >(timestamps >"$RESULTS/$name.log") 2>&1 &
  relay_pid=$!
  wait_until "$wait_limit" "$name to listen" has_at_least 1 "Relay listening" "$RESULTS/$name.log"
}

# start_agent NAME ARGUMENTS...: standby-agent receive into $scratch/NAME, verbose, in the background.
start_agent() {
  local name=$1
  shift
  mkdir -p "$scratch/$name"
  PGPASSWORD=$password "$AGENT" receive --directory "$scratch/$name" -v "$@" > >(timestamps >"$RESULTS/$name.log") 2>&1 &
  agent_pid=$!
}

streaming() { compgen -G "$scratch/$1/*.partial" >/dev/null; }

step "soft-RoCE device rxe0 on a veth pair, $address"
ip link add d0 type veth peer name d1 && ip addr add "$address/24" dev d0 && ip link set d0 up && ip link set d1 up ||
  fail "could not set up the veth pair"
rdma link add rxe0 type rxe netdev d0 || fail "rdma link add failed"
rdma link show >"$RESULTS/rdma-link.txt"
ls -l /dev/infiniband >>"$RESULTS/rdma-link.txt"
echo "memlock: $(ulimit -l) kB" >>"$RESULTS/rdma-link.txt"

step "PostgreSQL primary (vanilla, $(postgres --version))"
cp -a "$PG_TEMPLATE" "$scratch/pgdata"
setpriv --reuid="$SERVER_USER" --regid="$SERVER_USER" --clear-groups \
  pg_ctl -D "$scratch/pgdata" -l "$scratch/postgres.log" -w -t "$wait_limit" start || fail "the primary did not start"
sql "CREATE ROLE replicator REPLICATION LOGIN PASSWORD '$password'" || fail "creating the role failed"
sql "CREATE TABLE load (id int, payload text)" || fail "creating the table failed"
# Holds every segment this run writes, whatever the agents' slot does, so they can be compared.
sql "SELECT pg_create_physical_replication_slot('keep', true)" >/dev/null || fail "creating slot keep failed"
sql "SELECT pg_create_physical_replication_slot('harness', true)" >/dev/null || fail "creating slot harness failed"

step "relay 1, and agent a: with_rsocket=true in the connection string, looping on errors as pg_receivewal does"
start_relay relay-1
start_agent agent-a --slot harness --status-interval 1 --dbname "host=$address port=$relay_port user=replicator with_rsocket=true"
wait_until "$wait_limit" "agent a to stream" streaming agent-a
write_wal 20
rdma resource show qp >"$RESULTS/rdma-qp.txt" 2>&1
rdma resource show cm_id >"$RESULTS/rdma-cm_id.txt" 2>&1

step "killing relay 1 in the middle of a write burst"
write_wal 24 &
load_pid=$!
sleep 2
kill -9 "$relay_pid"
wait "$load_pid" || fail "the write load failed"
wait_until "$wait_limit" "agent a to report the lost connection" has_at_least 1 "warning: disconnected" "$RESULTS/agent-a.log"

step "relay 2; agent a reconnects over rsocket"
start_relay relay-2
wait_until "$wait_limit" "agent a to reconnect" has_at_least 2 "over rsocket as user" "$RESULTS/agent-a.log"
write_wal 20
last_segment="$(sql "SELECT pg_walfile_name(pg_switch_wal())")"
wait_until "$wait_limit" "segment $last_segment to be complete" test -f "$scratch/agent-a/$last_segment"
kill -TERM "$agent_pid"
record_exit agent-a "$agent_pid"

step "agent b: WITH_RSOCKET=true in the environment, --no-loop; relay 2 killed while it streams"
WITH_RSOCKET=true start_agent agent-b --no-loop --dbname "host=$address port=$relay_port user=replicator"
wait_until "$wait_limit" "agent b to stream" streaming agent-b
write_wal 8 &
load_pid=$!
sleep 2
kill -9 "$relay_pid"
record_exit agent-b "$agent_pid"
wait "$load_pid" || fail "the write load failed"

step "agent c: a locked-memory limit of 64 kB, without CAP_IPC_LOCK"
start_relay relay-3
mkdir -p "$scratch/agent-c"
prlimit --memlock=65536:65536 setpriv --inh-caps=-ipc_lock --bounding-set=-ipc_lock -- \
  env WITH_RSOCKET=true PGPASSWORD=$password "$AGENT" receive --directory "$scratch/agent-c" --no-loop \
  --dbname "host=$address port=$relay_port user=replicator" >"$RESULTS/agent-c.log" 2>&1 &
record_exit agent-c $!

step "agent d: with_rsocket=true straight at the vanilla primary, no relay"
start_agent agent-d --no-loop --dbname "host=$address port=5432 user=replicator with_rsocket=true"
record_exit agent-d "$agent_pid"
kill -TERM "$relay_pid"
record_exit relay-3 "$relay_pid"

step "collecting the evidence"
mkdir -p "$RESULTS/received" "$RESULTS/primary"
for segment in "$scratch"/agent-a/????????????????????????; do
  name="$(basename "$segment")"
  cp "$segment" "$RESULTS/received/$name"
  cp "$scratch/pgdata/pg_wal/$name" "$RESULTS/primary/$name" 2>/dev/null || echo "not in the primary's pg_wal: $name"
done
setpriv --reuid="$SERVER_USER" --regid="$SERVER_USER" --clear-groups pg_ctl -D "$scratch/pgdata" -w -m fast stop

{
  echo "received segments: $(ls "$RESULTS/received" | wc -l) ($(ls "$RESULTS/received" | head -n 1) to $(ls "$RESULTS/received" | tail -n 1))"
  echo "exit codes: $(tr '\n' ' ' <"$RESULTS/exit-codes.txt")"
  grep -h "ended (" "$RESULTS"/relay-*.log
  grep -h "over rsocket as user\|warning: disconnected" "$RESULTS/agent-a.log"
} >"$RESULTS/summary.txt"
echo completed >"$RESULTS/status"
step "done"
