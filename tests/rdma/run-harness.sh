#!/usr/bin/env bash
# The soft-RoCE harness: boots Debian's own kernel under qemu (TCG) with rdma_rxe, gives it this
# machine's root file system read-only over 9p, and runs every RDMA scenario in guest/scenarios.sh
# in one boot, with the standby-agent build in --agent-dir. The guest writes its evidence (logs,
# received and original WAL segments, exit codes) to --output; judging it is the tests' job
# (tests/StandbyAgent.Tests/Rdma/SoftRoceHarnessTests.cs).
#
#   run-harness.sh --agent-dir DIR --output DIR [--timeout SECONDS]
#
# Exit status: 0 when the guest ran the scenarios to their end; 1 when it did not (the console log
# says why); 2 for a usage or prerequisite problem. Needs root (the guest runs PostgreSQL as the
# server account, like the host does) and what deploy/install-prerequisites.sh --with-rdma-harness
# installs and downloads.
set -euo pipefail

readonly here="$(cd "$(dirname "$0")" && pwd)"
readonly kernel_cache="${STANDBY_RDMA_KERNEL_CACHE:-/var/cache/standby-agent/rdma-harness}"
readonly server_user=standby-pg
# Loaded in this order by guest/init.sh; crc32_generic is what rdma_rxe needs to add a link.
readonly modules=(virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci netfs fscache 9pnet 9pnet_virtio 9p
  configfs ib_core ib_uverbs iw_cm ib_cm rdma_cm rdma_ucm udp_tunnel ip6_udp_tunnel crc32_generic rdma_rxe veth)

agent_dir=""
output=""
timeout_seconds=900
while (($# > 0)); do
  case "$1" in
    --agent-dir) agent_dir="$2"; shift 2 ;;
    --output) output="$2"; shift 2 ;;
    --timeout) timeout_seconds="$2"; shift 2 ;;
    *) echo "usage: $0 --agent-dir DIR --output DIR [--timeout SECONDS]" >&2; exit 2 ;;
  esac
done

prerequisite() {
  echo "$0: $*" >&2
  echo "$0: hint: deploy/install-prerequisites.sh --with-rdma-harness installs and downloads what the harness needs" >&2
  exit 2
}

[[ -n "$agent_dir" && -n "$output" ]] || { echo "usage: $0 --agent-dir DIR --output DIR [--timeout SECONDS]" >&2; exit 2; }
[[ $EUID -eq 0 ]] || prerequisite "must run as root"
agent_dir="$(cd "$agent_dir" && pwd)"
[[ -x "$agent_dir/standby-agent" ]] || prerequisite "no standby-agent executable in $agent_dir"
for command in qemu-system-x86_64 busybox dpkg-deb gzip setpriv; do
  command -v "$command" >/dev/null || prerequisite "$command is not installed"
done
pg_bin="${STANDBY_AGENT_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
[[ -x "$pg_bin/initdb" ]] || prerequisite "no PostgreSQL server binaries (initdb) found"
getent passwd "$server_user" >/dev/null || prerequisite "the OS user $server_user does not exist"
kernel_package="$(ls "$kernel_cache"/linux-image-*.deb 2>/dev/null | sort -V | tail -n 1)"
[[ -n "$kernel_package" ]] || prerequisite "no kernel package in $kernel_cache"
dotnet_root="${DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}"

mkdir -p "$output"
output="$(cd "$output" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/standby-rdma.XXXXXX")"
# The server account must reach the data directory made in it.
chmod 755 "$work"
qemu_pid=""
cleanup() {
  if [[ -n "$qemu_pid" ]] && kill -0 "$qemu_pid" 2>/dev/null; then
    kill -9 "$qemu_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
started=$SECONDS

# The kernel: unpacked once per package version, next to the package.
kernel="$kernel_cache/$(basename "$kernel_package" .deb)"
if [[ ! -d "$kernel" ]]; then
  dpkg-deb -x "$kernel_package" "$kernel.partial"
  mv "$kernel.partial" "$kernel"
fi
kernel_release="$(ls "$kernel/lib/modules")"

# The initramfs: static busybox, the modules, and guest/init.sh as /init.
initramfs="$work/initramfs"
mkdir -p "$initramfs"/{bin,dev,proc,sys,newroot,modules}
cp "$(command -v busybox)" "$initramfs/bin/busybox"
cp "$here/guest/init.sh" "$initramfs/init"
for module in "${modules[@]}"; do
  file="$(find "$kernel/lib/modules/$kernel_release" -name "$module.ko" -print -quit)"
  [[ -n "$file" ]] || prerequisite "module $module is missing from $kernel_package"
  cp "$file" "$initramfs/modules/"
done
printf '%s\n' "${modules[@]}" >"$initramfs/modules/order"
(cd "$initramfs" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1 >"$work/initramfs.cpio.gz")

# A primary made here, where initdb is fast; the guest copies it into its memory and starts it.
install -d -m 700 -o "$server_user" "$work/pgdata"
setpriv --reuid="$server_user" --regid="$server_user" --clear-groups \
  "$pg_bin/initdb" -D "$work/pgdata" -U postgres --auth=trust --no-locale --encoding=UTF8 --no-sync --no-instructions >"$work/initdb.log" 2>&1 ||
  { cat "$work/initdb.log" >&2; exit 1; }
cat >>"$work/pgdata/postgresql.conf" <<CONF
listen_addresses = '*'
port = 5432
unix_socket_directories = '/run/harness'
wal_level = replica
max_wal_senders = 8
max_replication_slots = 8
max_wal_size = 4GB
shared_buffers = 64MB
log_connections = on
log_disconnections = on
log_replication_commands = on
CONF
cat >"$work/pgdata/pg_hba.conf" <<CONF
local all postgres trust
host replication replicator 127.0.0.1/32 scram-sha-256
host replication replicator 10.77.0.0/24 scram-sha-256
CONF

mkdir -p "$work/results"
cat >"$work/harness.env" <<ENV
AGENT='$agent_dir/standby-agent'
PG_BIN='$pg_bin'
PG_TEMPLATE='$work/pgdata'
SERVER_USER='$server_user'
DOTNET_ROOT='$dotnet_root'
RESULTS='$work/results'
ENV

echo "harness: booting $kernel_release with soft-RoCE (prepared in $((SECONDS - started)) s)" >&2
set +e
timeout --kill-after=15 "$timeout_seconds" qemu-system-x86_64 \
  -accel tcg -cpu max -smp 2 -m 3072 -nographic -no-reboot -nic none \
  -kernel "$kernel/boot/vmlinuz-$kernel_release" -initrd "$work/initramfs.cpio.gz" \
  -append "console=ttyS0 quiet panic=-1 standby_work=$work standby_scenarios=$here/guest/scenarios.sh" \
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
  -virtfs "local,path=$work,mount_tag=work,security_model=none,multidevs=remap" \
  </dev/null >"$output/console.log" 2>&1 &
qemu_pid=$!
wait "$qemu_pid"
qemu_status=$?
set -e
qemu_pid=""

cp -a "$work/results/." "$output/"
echo "harness: the guest ran for $((SECONDS - started)) s in all (qemu exit status $qemu_status)" >&2
if [[ "$(cat "$output/status" 2>/dev/null)" != completed ]]; then
  echo "harness: the scenarios did not complete: $(cat "$output/status" 2>/dev/null || echo 'no status written')" >&2
  echo "--- last lines of $output/console.log ---" >&2
  tail -n 40 "$output/console.log" >&2
  exit 1
fi
cat "$output/summary.txt" >&2
