#!/usr/bin/env bash
# Installs what StandbyAgent needs on Debian 12 and creates the account its local PostgreSQL
# clusters run as. Only what is missing is installed, so on a prepared machine this is a
# quiet no-op and apt is never touched.
#
#   --with-tests          also what the test suite needs
#   --with-rdma-harness   also what the RDMA test harness (a QEMU guest with soft-RoCE) needs
#   --with-benchmarks     also what tests/benchmarks/ needs (GNU time, strace)
set -euo pipefail

# PostgreSQL refuses to run as root; LocalCluster runs its servers as this account.
readonly server_user=standby-pg

# postgresql-15 holds the server binaries and pgbench (`dpkg -S pgbench`); it pulls in
# postgresql-client-15 for psql, pg_basebackup, pg_receivewal and pg_waldump.
packages=(postgresql-15)
rdma_harness=false
for arg in "$@"; do
  case "$arg" in
    --with-tests) packages+=(prometheus openssl e2fsprogs util-linux mount strace) ;;
    --with-rdma-harness)
      packages+=(qemu-system-x86 busybox-static kmod librdmacm1 ibverbs-providers rdmacm-utils iproute2)
      rdma_harness=true
      ;;
    --with-benchmarks) packages+=(time strace) ;;
    *)
      echo "usage: $0 [--with-tests] [--with-rdma-harness] [--with-benchmarks]" >&2
      exit 2
      ;;
  esac
done

as_root() {
  if [[ $EUID -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    echo "$0: must run as root (or with sudo available) to run: $*" >&2
    exit 1
  fi
}

is_installed() {
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" == installed ]]
}

missing=()
for package in "${packages[@]}"; do
  is_installed "$package" || missing+=("$package")
done

if ((${#missing[@]} > 0)); then
  echo "Installing: ${missing[*]}" >&2
  if [[ " ${missing[*]} " == *" postgresql-15 "* ]]; then
    # Debian creates and starts a 15/main system cluster when the server package is first
    # installed. The tests and the demo bring their own throwaway clusters, so tell
    # postgresql-common not to, before it is installed: its default createcluster.conf
    # includes this directory.
    as_root mkdir -p /etc/postgresql-common/createcluster.d
    echo 'create_main_cluster = false' |
      as_root tee /etc/postgresql-common/createcluster.d/standby-agent.conf >/dev/null
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! getent passwd "$server_user" >/dev/null; then
  echo "Creating system user $server_user" >&2
  as_root useradd --system --no-create-home --shell /usr/sbin/nologin "$server_user"
fi

# The RDMA harness boots Debian's own kernel, which has soft-RoCE (rdma_rxe), under qemu. Its
# package is only downloaded, into the cache tests/rdma/run-harness.sh reads; never installed.
kernel_cache="${STANDBY_RDMA_KERNEL_CACHE:-/var/cache/standby-agent/rdma-harness}"
if $rdma_harness && ! compgen -G "$kernel_cache/linux-image-*.deb" >/dev/null; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  kernel_package="$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-/ { print $2; exit }')"
  echo "Downloading $kernel_package into $kernel_cache" >&2
  as_root mkdir -p "$kernel_cache"
  (cd "$kernel_cache" && as_root apt-get download -q "$kernel_package")
fi
