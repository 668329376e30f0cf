#!/usr/bin/env bash
# Side-by-side benchmark: zknode vs Apache ZooKeeper 3.8 on this machine (what `make bench` runs).
#
# Each server is started in turn from the same zoo.cfg template on free loopback ports, every workload
# (setData, create, getData, 90/10 mixed) runs against it with identical client settings, then it is
# stopped. Prints ops/s, p50, p99 and server CPU-ms/op for both plus the zknode/ZooKeeper ratios, and
# leaves the raw results in out/bench/ (one JSON per server and workload, summary.txt, server logs).
# If out/zknode/zknode is missing or does not start, that is reported and the ZooKeeper half still runs.
#
# Knobs (environment):  BENCH_DURATION=8  BENCH_WARMUP=2  BENCH_CONNECTIONS=4  BENCH_DEPTH=32
#                       BENCH_SIZE=100  BENCH_WORKLOADS=setData,create,getData,mixed
#                       BENCH_SERVERS=zknode,zookeeper  BENCH_MEMBERS=1 (3 = a 3-member ensemble of each)
# Extra arguments are passed to `zk-bench compare` (e.g. --ops 100000).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=${BENCH_OUT:-$ROOT/out/bench}
ZKNODE=${ZKNODE_BIN:-$ROOT/out/zknode/zknode}
BENCH=$ROOT/out/zk-bench/zk-bench

if [[ ! -x $BENCH ]]; then
  echo "compare.sh: $BENCH not built yet; publishing it"
  dotnet publish "$ROOT/bench/Zk.Bench" -c Release -o "$ROOT/out/zk-bench" -nologo -v:q
fi

if [[ ! -x $ZKNODE ]]; then
  echo "compare.sh: zknode binary $ZKNODE does not exist yet (make build); running the ZooKeeper half only"
fi

if ! command -v java >/dev/null || [[ ! -f /usr/share/java/zookeeper.jar ]]; then
  echo "compare.sh: java or /usr/share/java/zookeeper.jar missing; the ZooKeeper half will be skipped"
fi

mkdir -p "$OUT"
exec "$BENCH" compare \
  --zknode "$ZKNODE" \
  --out "$OUT" \
  --servers "${BENCH_SERVERS:-zknode,zookeeper}" \
  --members "${BENCH_MEMBERS:-1}" \
  --workloads "${BENCH_WORKLOADS:-setData,create,getData,mixed}" \
  --duration "${BENCH_DURATION:-8}" \
  --warmup "${BENCH_WARMUP:-2}" \
  --connections "${BENCH_CONNECTIONS:-4}" \
  --depth "${BENCH_DEPTH:-32}" \
  --size "${BENCH_SIZE:-100}" \
  "$@"
