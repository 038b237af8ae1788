#!/usr/bin/env bash
# Where the agent's time goes, beside pg_receivewal: its start-up (exec to a refused connection),
# and, as the only synchronous standby of a pgbench load, the receiver's CPU per commit, user and
# system (from /proc over a 15 s run), and a summary of its system calls (strace -c -f over a 5 s
# run, which strace itself slows down), from which the calls per fsync are read. Prints one block
# per measurement.
#
#   tests/benchmarks/profile.sh
set -euo pipefail

source "$(dirname "$0")/common.sh"
work=$(mktemp -d /tmp/standby-agent-profile.XXXXXX)
chmod 755 "$work"
port=$(free_port 1)

log() { echo "profile: $*" >&2; }
trap 'as_server "$bin/pg_ctl" -D "$work/primary" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

log "publishing the agent (Release)"
publish_agent "$work/agent"
agent="$work/agent/standby-agent"

echo "## start-up: exec to a refused connection, 5 runs (wall user sys, s)"
mkdir "$work/empty"
for tool in pg_receivewal standby-agent; do
  if [[ $tool == pg_receivewal ]]; then cmd=("$bin/pg_receivewal"); else cmd=("$agent" receive); fi
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f "$tool %e %U %S" "${cmd[@]}" -D "$work/empty" -d "host=127.0.0.1 port=$port" -n >/dev/null 2>"$work/err" || true
    tail -n 1 "$work/err"
  done
done

log "starting a primary on 127.0.0.1:$port with synchronous_standby_names = 'profiled'"
start_primary "$work/primary" "$work/logs" <<CONF
synchronous_commit = on
synchronous_standby_names = 'profiled'
CONF
as_server env PGOPTIONS='-c synchronous_commit=off' "$bin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -i -s 20 -q postgres >/dev/null 2>&1

pgbench() { as_server "$bin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -N -c 8 -j 2 -T "$1" -n postgres 2>/dev/null; }
transactions() { awk '/number of transactions actually processed/ { split($NF, n, "/"); print n[1] }'; }
# User and system clock ticks, from /proc/PID/stat.
cpu_ticks() { awk '{ print $14, $15 }' "/proc/$1/stat"; }

for tool in pg_receivewal standby-agent; do
  rm -rf "$work/receive" && mkdir "$work/receive"
  if [[ $tool == pg_receivewal ]]; then cmd=("$bin/pg_receivewal"); else cmd=("$agent" receive); fi
  "${cmd[@]}" -D "$work/receive" -d "host=127.0.0.1 port=$port user=postgres application_name=profiled" --synchronous >/dev/null 2>&1 &
  receiver=$!
  sleep 2
  read -r user_before sys_before < <(cpu_ticks "$receiver")
  out=$(pgbench 15)
  read -r user_after sys_after < <(cpu_ticks "$receiver")
  echo "## $tool as the synchronous standby"
  awk -v tx="$(transactions <<<"$out")" -v user=$((user_after - user_before)) -v sys=$((sys_after - sys_before)) -v hz="$(getconf CLK_TCK)" -v tps="$(awk '/^tps = / { print $3 }' <<<"$out")" \
    'BEGIN { us = 1e6 / hz / tx; printf "tps %.0f, receiver CPU %.1f us per commit (user %.1f, system %.1f)\n", tps, (user + sys) * us, user * us, sys * us }'
  timeout 8 strace -c -f -p "$receiver" -o "$work/strace" 2>/dev/null &
  tracer=$!
  sleep 1
  pgbench 5 >/dev/null
  wait "$tracer" || true
  echo "system calls under strace (5 s):"
  sed -n '1,16p' "$work/strace"
  kill -TERM "$receiver"
  wait "$receiver" || true
done
