#!/bin/busybox sh
# PID 1 of the harness guest (busybox, in the initramfs): loads the RDMA and 9p modules, mounts
# the host's root read-only and the harness's work directory writable over it, and runs the
# scenarios chrooted into the host's files. It always powers off at the end; the host's timeout
# covers a guest that hangs. standby_work and standby_scenarios come from the kernel command line.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev

finish() {
  echo "guest: $1"
  sync
  poweroff -f
}

for module in $(cat /modules/order); do
  insmod "/modules/$module.ko" || finish "insmod $module failed"
done

options=trans=virtio,version=9p2000.L,msize=512000
# The host's files do not change under the guest in a way it cares about; caching them saves
# every process start (dotnet, postgres) from reading its libraries through qemu again.
mount -t 9p -o "$options,ro,cache=loose" hostroot /newroot || finish "mounting the host's root failed"
mount -t 9p -o "$options" work "/newroot$standby_work" || finish "mounting the work directory failed"
mount -t proc proc /newroot/proc
mount -t sysfs sys /newroot/sys
mount -t devtmpfs dev /newroot/dev
mkdir -p /newroot/dev/shm /newroot/dev/pts
# PostgreSQL needs /dev/shm; scratch space lives in memory under /run.
mount -t tmpfs shm /newroot/dev/shm
mount -t devpts devpts /newroot/dev/pts
ln -s /proc/self/fd /newroot/dev/fd
mount -t tmpfs run /newroot/run
ip link set lo up

chroot /newroot /bin/bash "$standby_scenarios" "$standby_work/harness.env"
finish "scenarios exited with status $?"
