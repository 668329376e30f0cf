#!/usr/bin/env bash
# `make run`: a local zknode on 127.0.0.1. Standalone until ensembles land (then: a 3-member ensemble).
# Environment: ZK_PORT (default 2181), ZK_DATA (default .data/standalone), ZK_ADMIN_PORT (default 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
port=${ZK_PORT:-2181}
data=${ZK_DATA:-$PWD/.data/standalone}
admin=${ZK_ADMIN_PORT:-8080}
mkdir -p "$data"
cfg="$data/zoo.cfg"
cat > "$cfg" <<CFG
tickTime=2000
dataDir=$data
clientPort=$port
clientPortAddress=127.0.0.1
4lw.commands.whitelist=*
admin.serverAddress=127.0.0.1
admin.serverPort=$admin
metricsProvider.httpPort=$((admin + 1))
autopurge.purgeInterval=1
CFG
echo "zknode: clients on 127.0.0.1:$port, admin http://127.0.0.1:$admin/commands, metrics http://127.0.0.1:$((admin + 1))/metrics"
echo "zknode: data in $data (config $cfg); try: /usr/share/zookeeper/bin/zkCli.sh -server 127.0.0.1:$port"
exec out/zknode/zknode "$cfg"
