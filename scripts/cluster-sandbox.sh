#!/usr/bin/env bash
# Runs a command in a private network and mount namespace that plays the cluster network for the pod-runner
# tests (tests/Zk.Operator.Cluster.Tests): loopback up, a bridge zkbr0 on 10.244.0.1/24 that the pods' veths
# join, a private /var/run/netns for their network namespaces, and a private copy of /etc/hosts bind-mounted
# over /etc/hosts, whose path is exported as ZK_SANDBOX_HOSTS so the pod runner can add pod DNS names in place.
# Nothing outside the sandbox changes: the namespaces and mounts vanish with the command. Needs root.
#
#   scripts/cluster-sandbox.sh dotnet test tests/Zk.Operator.Cluster.Tests -c Release
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

if [[ "${ZK_SANDBOX_INNER:-}" != "1" ]]; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "$0: needs root (network namespaces, veth pairs and bind mounts)" >&2
    exit 1
  fi
  exec env ZK_SANDBOX_INNER=1 unshare --net --mount --propagation private -- "$0" "$@"
fi
unset ZK_SANDBOX_INNER

mkdir -p /var/run/netns
mount -t tmpfs -o mode=0755 zk-netns /var/run/netns
if [[ -d /etc/netns ]]; then
  # `ip netns exec` reads /etc/netns/NAME: start from an empty one so nothing of the host's applies.
  mount -t tmpfs -o mode=0755 zk-etc-netns /etc/netns
fi

ip link set lo up
ip link add zkbr0 type bridge
ip addr add 10.244.0.1/24 dev zkbr0
ip link set zkbr0 up

state=$(mktemp -d /tmp/zk-sandbox.XXXXXX)
mount -t tmpfs -o mode=0755 zk-sandbox "$state"
cp /etc/hosts "$state/hosts"
chmod 0644 "$state/hosts"
mount --bind "$state/hosts" /etc/hosts

export ZK_SANDBOX_HOSTS="$state/hosts"
export ZK_SANDBOX_BRIDGE=zkbr0
export ZK_SANDBOX_GATEWAY=10.244.0.1
export ZK_SANDBOX_SUBNET=10.244.0.0/24
export ZK_SANDBOX_STATE="$state"

cleanup() {
  # Pods whose runner died (a crashed test host) would keep running in their namespaces: end them with the sandbox.
  for netns in /var/run/netns/*; do
    [[ -e "$netns" ]] || continue
    ip netns pids "$(basename "$netns")" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
  done
  umount /etc/hosts "$state" 2>/dev/null || true
  rmdir "$state" 2>/dev/null || true
}
trap cleanup EXIT

"$@"
