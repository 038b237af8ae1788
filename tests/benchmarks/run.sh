#!/usr/bin/env bash
# Measures `standby-agent receive` against pg_receivewal on one machine, in one run, over one WAL
# range: wall and CPU time with fsync and with --no-sync, peak RSS, commit throughput of pgbench
# with each receiver (and a real walreceiver standby) as the only synchronous standby, and the
# agent's allocations per XLogData message in steady state. Prints medians and ratios as Markdown.
#
#   tests/benchmarks/run.sh [--size-mb 1536] [--runs 5] [--pgbench-seconds 15] [--pgbench-rounds 3] [--skip-sync-standby]
#
# See tests/benchmarks/README.md for what each figure means and how to read it.
set -euo pipefail

size_mb=1536
runs=5
pgbench_seconds=15
pgbench_rounds=3
sync_standby=1
while (($#)); do
  case "$1" in
    --size-mb) size_mb=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --pgbench-seconds) pgbench_seconds=$2; shift 2 ;;
    --pgbench-rounds) pgbench_rounds=$2; shift 2 ;;
    --skip-sync-standby) sync_standby=0; shift ;;
    *) echo "usage: $0 [--size-mb N] [--runs N] [--pgbench-seconds N] [--pgbench-rounds N] [--skip-sync-standby]" >&2; exit 2 ;;
  esac
done

source "$(dirname "$0")/common.sh"
work=$(mktemp -d /tmp/standby-agent-bench.XXXXXX)
chmod 755 "$work"
# The next port is the walreceiver standby's.
port=$(free_port 2)
primary="$work/primary"
standby="$work/standby"
logs="$work/logs"

sql() { as_server "$bin/psql" -X -q -A -t -h 127.0.0.1 -p "$port" -U postgres -d postgres -c "$1"; }
log() { echo "bench: $*" >&2; }
ceiling_dir=

cleanup() {
  as_server "$bin/pg_ctl" -D "$standby" -m immediate stop >/dev/null 2>&1 || true
  as_server "$bin/pg_ctl" -D "$primary" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work" ${ceiling_dir:+"$ceiling_dir"}
}
trap cleanup EXIT

log "publishing the agent (Release)"
publish_agent "$work/agent"
agent="$work/agent/standby-agent"

log "starting a primary on 127.0.0.1:$port"
start_primary "$primary" "$logs" <<CONF
max_replication_slots = 10
max_wal_size = '8GB'
checkpoint_timeout = '1h'
fsync = on
CONF

# One slot keeps the whole range on the primary for every run.
sql "SELECT pg_create_physical_replication_slot('bench_keep', true)" >/dev/null
sql "SELECT pg_switch_wal()" >/dev/null
start_segment=$(sql "SELECT pg_walfile_name(pg_current_wal_insert_lsn())")
start_lsn=$(sql "SELECT pg_current_wal_insert_lsn()")
log "generating ${size_mb} MB of WAL from $start_lsn (segment $start_segment)"
sql "CREATE TABLE bench (id bigint, payload text)"
while (( $(sql "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$start_lsn')::bigint / 1048576") < size_mb )); do
  sql "INSERT INTO bench SELECT g, repeat(md5(g::text), 8) FROM generate_series(1, 200000) g"
done
end_lsn=$(sql "SELECT pg_current_wal_lsn()")
# A little WAL past the end, so both receivers see the end position crossed at once.
sql "INSERT INTO bench SELECT g, 'tail' FROM generate_series(1, 1000) g"
sql "CHECKPOINT"
range_mb=$(sql "SELECT round(pg_wal_lsn_diff('$end_lsn', '$start_lsn') / 1048576.0)")
log "range: $start_lsn .. $end_lsn ($range_mb MB)"

conninfo="host=127.0.0.1 port=$port user=postgres"

# One timed run of a receiver over the range into an empty directory that holds only a zero-filled
# first segment, which makes pg_receivewal start there (and the agent, which resumes the same way).
# Prints: wall user sys maxrss_kb
timed_run() {
  local dir="$work/receive"
  rm -rf "$dir" && mkdir -p "$dir"
  head -c $((16 * 1024 * 1024)) /dev/zero > "$dir/$start_segment.partial"
  sync
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" -D "$dir" -d "$conninfo" -E "$end_lsn" -n >/dev/null 2>"$work/stderr" || {
    cat "$work/stderr" >&2; return 1; }
  cat "$work/time"
}

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

declare -A wall cpu rss
for mode in fsync no-sync; do
  extra=(); [[ $mode == no-sync ]] && extra=(--no-sync)
  for tool in pg_receivewal standby-agent; do : > "$work/$tool-$mode"; done
  for ((i = 1; i <= runs; i++)); do
    for tool in pg_receivewal standby-agent; do
      if [[ $tool == pg_receivewal ]]; then cmd=("$bin/pg_receivewal" "${extra[@]}"); else cmd=("$agent" receive "${extra[@]}"); fi
      timed_run "${cmd[@]}" >> "$work/$tool-$mode"
      log "$mode $tool run $i: $(tail -n 1 "$work/$tool-$mode")"
    done
  done
  for tool in pg_receivewal standby-agent; do
    wall[$tool-$mode]=$(awk '{ print $1 }' "$work/$tool-$mode" | median | xargs printf "%.2f")
    cpu[$tool-$mode]=$(awk '{ print $2 + $3 }' "$work/$tool-$mode" | median | xargs printf "%.2f")
    rss[$tool-$mode]=$(awk '{ print $4 / 1024 }' "$work/$tool-$mode" | median | xargs printf "%.1f")
  done
done

log "allocations per XLogData message (agent, --no-sync, steady state)"
dir="$work/receive"; rm -rf "$dir" && mkdir -p "$dir"
head -c $((16 * 1024 * 1024)) /dev/zero > "$dir/$start_segment.partial"
allocations=$("$agent" receive -D "$dir" -d "$conninfo" -E "$end_lsn" -n --no-sync --report-allocations 2>&1 | grep '^allocations:' || echo "allocations: not reported")

log "BenchmarkDotNet: the message parser"
dotnet run -c Release --project "$repo/tests/StandbyAgent.Benchmarks" --artifacts-path "$work/bdn-build" -- \
  --filter '*ParserBenchmarks*' --artifacts "$work/bdn" >"$work/bdn.log" 2>&1 || { tail -n 30 "$work/bdn.log" >&2; exit 1; }
parser_report=$(cat "$work"/bdn/results/*ParserBenchmarks-report-github.md)

declare -A tps
if ((sync_standby)); then
  log "pgbench with synchronous_commit=on and each receiver as the only synchronous standby"
  as_server "$bin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -i -s 20 -q postgres >/dev/null 2>&1
  pgbench_tps() {
    as_server "$bin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -N -c 8 -j 2 -T "$pgbench_seconds" -n postgres 2>/dev/null |
      awk '/^tps = / { print $3 }'
  }
  sql "ALTER SYSTEM SET synchronous_commit = 'on'" && sql "SELECT pg_reload_conf()" >/dev/null

  # The standby for the walreceiver column, made once and started only for its own runs.
  install -d -m 700 -o "$server_user" "$standby"
  as_server "$bin/pg_basebackup" -h 127.0.0.1 -p "$port" -U postgres -D "$standby" -X stream -R --no-sync --checkpoint=fast >/dev/null
  sed -i "s/^primary_conninfo = '/primary_conninfo = 'application_name=bench_sync /" "$standby/postgresql.auto.conf"
  echo "port = $((port + 1))" | as_server tee -a "$standby/postgresql.conf" >/dev/null

  wait_for_sync_standby() {
    for _ in $(seq 100); do
      [[ $(sql "SELECT count(*) FROM pg_stat_replication WHERE application_name = 'bench_sync' AND sync_state = 'sync'") == 1 ]] && return
      sleep 0.2
    done
    log "no synchronous standby came up"; return 1
  }
  # A directory on tmpfs, where fsync costs nothing: pg_receivewal writing there is the ceiling
  # for a receiver that costs what pg_receivewal costs, whatever it does about the disk.
  if [[ $(stat -f -c %T /dev/shm 2>/dev/null) == tmpfs ]]; then
    ceiling_dir=$(mktemp -d /dev/shm/standby-agent-bench.XXXXXX)
  fi
  with_receiver() {
    local dir=${RECEIVE_DIR:-$work/sync-receive}
    rm -rf "$dir" && mkdir -p "$dir"
    "$@" -D "$dir" -d "$conninfo application_name=bench_sync" --synchronous >/dev/null 2>"$work/sync-stderr" &
    local receiver=$!
    wait_for_sync_standby
    pgbench_tps
    kill -TERM "$receiver"; wait "$receiver" || true
  }
  with_walreceiver() {
    local target
    target=$(sql "SELECT pg_current_wal_lsn()")
    as_server "$bin/pg_ctl" -D "$standby" -l "$logs/standby.log" -w start >/dev/null
    wait_for_sync_standby
    # The earlier runs' WAL is replayed first, so that replay does not share the measured seconds.
    until [[ $(sql "SELECT replay_lsn >= '$target' FROM pg_stat_replication WHERE application_name = 'bench_sync'") == t ]]; do
      sleep 0.2
    done
    pgbench_tps
    as_server "$bin/pg_ctl" -D "$standby" -m fast -w stop >/dev/null
  }

  # Rounds alternate the setups, so a change in the machine's load falls on all of them.
  for column in none pg_receivewal standby-agent walreceiver ceiling; do : > "$work/tps-$column"; done
  for ((round = 1; round <= pgbench_rounds; round++)); do
    sql "ALTER SYSTEM SET synchronous_standby_names = ''" && sql "SELECT pg_reload_conf()" >/dev/null
    pgbench_tps >> "$work/tps-none"
    sql "ALTER SYSTEM SET synchronous_standby_names = 'bench_sync'" && sql "SELECT pg_reload_conf()" >/dev/null
    with_receiver "$bin/pg_receivewal" >> "$work/tps-pg_receivewal"
    with_receiver "$agent" receive >> "$work/tps-standby-agent"
    with_walreceiver >> "$work/tps-walreceiver"
    if [[ -n $ceiling_dir ]]; then
      RECEIVE_DIR=$ceiling_dir/receive with_receiver "$bin/pg_receivewal" >> "$work/tps-ceiling"
    fi
    log "pgbench round $round (none, pg_receivewal, agent, walreceiver, ceiling): $(for c in none pg_receivewal standby-agent walreceiver ceiling; do tail -n 1 "$work/tps-$c"; done | xargs)"
  done
  for column in none pg_receivewal standby-agent walreceiver; do
    tps[$column]=$(median < "$work/tps-$column" | xargs printf "%.0f")
  done
  tps[ceiling]="not measured (no tmpfs at /dev/shm)"
  if [[ -s $work/tps-ceiling ]]; then
    tps[ceiling]=$(median < "$work/tps-ceiling" | xargs printf "%.0f")
  fi
fi

cat <<REPORT

## standby-agent receive vs pg_receivewal ($range_mb MB of WAL, median of $runs runs, $(nproc) cores)

| | pg_receivewal | standby-agent | ratio |
| --- | ---: | ---: | ---: |
| wall, fsync at segment end (s) | ${wall[pg_receivewal-fsync]} | ${wall[standby-agent-fsync]} | $(ratio "${wall[standby-agent-fsync]}" "${wall[pg_receivewal-fsync]}") |
| CPU user+sys, fsync (s) | ${cpu[pg_receivewal-fsync]} | ${cpu[standby-agent-fsync]} | $(ratio "${cpu[standby-agent-fsync]}" "${cpu[pg_receivewal-fsync]}") |
| wall, --no-sync (s) | ${wall[pg_receivewal-no-sync]} | ${wall[standby-agent-no-sync]} | $(ratio "${wall[standby-agent-no-sync]}" "${wall[pg_receivewal-no-sync]}") |
| CPU user+sys, --no-sync (s) | ${cpu[pg_receivewal-no-sync]} | ${cpu[standby-agent-no-sync]} | $(ratio "${cpu[standby-agent-no-sync]}" "${cpu[pg_receivewal-no-sync]}") |
| peak RSS, fsync (MB) | ${rss[pg_receivewal-fsync]} | ${rss[standby-agent-fsync]} | $(ratio "${rss[standby-agent-fsync]}" "${rss[pg_receivewal-fsync]}") |

$allocations

### Message parser (BenchmarkDotNet; XLogDataFrames is per message, 128 KiB of WAL each)

$parser_report
REPORT
if ((sync_standby)); then
  cat <<REPORT

## pgbench -N, 8 clients, ${pgbench_seconds} s, synchronous_commit=on, the receiver as the only synchronous standby (tps, median of $pgbench_rounds rounds)

| no synchronous standby | pg_receivewal --synchronous | standby-agent receive --synchronous | PostgreSQL walreceiver | agent / pg_receivewal | agent / walreceiver |
| ---: | ---: | ---: | ---: | ---: | ---: |
| ${tps[none]} | ${tps[pg_receivewal]} | ${tps[standby-agent]} | ${tps[walreceiver]} | $(ratio "${tps[standby-agent]}" "${tps[pg_receivewal]}") | $(ratio "${tps[standby-agent]}" "${tps[walreceiver]}") |

Ceiling, pg_receivewal --synchronous into tmpfs (fsync costs nothing): ${tps[ceiling]} tps$([[ ${tps[ceiling]} == [0-9]* ]] && echo ", $(ratio "${tps[ceiling]}" "${tps[pg_receivewal]}") of pg_receivewal on disk").
REPORT
fi
