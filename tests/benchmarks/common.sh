# Sourced by run.sh and profile.sh: installs what the benchmarks need, and gives them the server
# user, a free loopback port, the published agent and a throwaway primary.
#
#   as_server CMD...                 runs CMD as the unprivileged server user
#   free_port N                      prints a loopback port with it and the next N-1 unanswered
#   publish_agent DIR                publishes the agent in Release into DIR
#   start_primary DIR LOGS <<CONF    initdb, the shared settings plus CONF's lines, replication
#                                    from loopback trusted, started on $port

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$repo/deploy/install-prerequisites.sh" --with-benchmarks
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
server_user=standby-pg

as_server() { runuser -u "$server_user" -- "$@"; }

free_port() {
  local candidate offset
  for candidate in $(shuf -i 20000-60000 -n 100); do
    for ((offset = 0; offset < $1; offset++)); do
      (: </dev/tcp/127.0.0.1/$((candidate + offset))) 2>/dev/null && continue 2
    done
    echo "$candidate"
    return
  done
  echo "no free port found" >&2
  return 1
}

publish_agent() { dotnet publish "$repo/src/StandbyAgent" -c Release -o "$1" --nologo -v quiet >/dev/null; }

start_primary() {
  local dir=$1 logs=$2
  install -d -m 700 -o "$server_user" "$dir"
  install -d -m 755 -o "$server_user" "$logs"
  as_server "$bin/initdb" -D "$dir" -U postgres -A trust --no-sync >/dev/null
  {
    cat <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$logs'
wal_level = replica
max_wal_senders = 10
shared_buffers = '256MB'
CONF
    cat
  } | as_server tee -a "$dir/postgresql.conf" >/dev/null
  echo "host replication all 127.0.0.1/32 trust" | as_server tee -a "$dir/pg_hba.conf" >/dev/null
  as_server "$bin/pg_ctl" -D "$dir" -l "$logs/primary.log" -w start >/dev/null
}
