#!/usr/bin/env bash
# `make run`: a local 3-member zknode ensemble on 127.0.0.1. Ctrl-C stops all members.
# Environment:
#   ZK_MEMBERS     members (default 3; 1 = a standalone node)
#   ZK_PORT        first client port (default 2181; member N listens on ZK_PORT+N-1)
#   ZK_PEER_PORT   first quorum port (default 2888; election ports start at ZK_PEER_PORT+1000)
#   ZK_ADMIN_PORT  first AdminServer port (default 8080; metrics on the next port, 2 per member)
#   ZK_DATA        data root (default .data/ensemble; member N uses $ZK_DATA/N)
#   ZKNODE_BIN     the zknode binary (default out/zknode/zknode)
set -euo pipefail
cd "$(dirname "$0")/.."
members=${ZK_MEMBERS:-3}
port=${ZK_PORT:-2181}
peer=${ZK_PEER_PORT:-2888}
admin=${ZK_ADMIN_PORT:-8080}
root=${ZK_DATA:-$PWD/.data/ensemble}
bin=${ZKNODE_BIN:-out/zknode/zknode}

servers=""
hosts=""
for n in $(seq 1 "$members"); do
  servers+="server.$n=127.0.0.1:$((peer + n - 1)):$((peer + 1000 + n - 1)):participant;127.0.0.1:$((port + n - 1))"$'\n'
  hosts+="${hosts:+,}127.0.0.1:$((port + n - 1))"
done

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "zknode: stopped"
}
trap stop INT TERM EXIT

for n in $(seq 1 "$members"); do
  data="$root/$n"
  mkdir -p "$data"
  echo "$n" > "$data/myid"
  cfg="$data/zoo.cfg"
  {
    echo "tickTime=2000"
    echo "initLimit=10"
    echo "syncLimit=5"
    echo "dataDir=$data"
    echo "clientPort=$((port + n - 1))"
    echo "clientPortAddress=127.0.0.1"
    echo "4lw.commands.whitelist=*"
    echo "admin.serverAddress=127.0.0.1"
    echo "admin.serverPort=$((admin + 2 * (n - 1)))"
    echo "metricsProvider.httpPort=$((admin + 2 * (n - 1) + 1))"
    echo "autopurge.purgeInterval=1"
    if [ "$members" -gt 1 ]; then printf '%s' "$servers"; fi
  } > "$cfg"
  echo "zknode $n: clients 127.0.0.1:$((port + n - 1)), quorum $((peer + n - 1)), election $((peer + 1000 + n - 1)), admin http://127.0.0.1:$((admin + 2 * (n - 1)))/commands, metrics http://127.0.0.1:$((admin + 2 * (n - 1) + 1))/metrics, data $data"
  "$bin" "$cfg" > >(sed -u "s/^/[$n] /") 2>&1 &
  pids+=($!)
done

echo "zknode: ensemble of $members; try: /usr/share/zookeeper/bin/zkCli.sh -server $hosts"
echo "zknode: roles: for p in $(seq -s ' ' "$port" $((port + members - 1))); do echo srvr | nc 127.0.0.1 \$p | grep Mode; done"
wait
