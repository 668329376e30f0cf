#!/usr/bin/env bash
# Side-by-side benchmark: zknode vs Apache ZooKeeper 3.8 on this machine (what `make bench` runs).
#
# By default (BENCH_MEMBERS unset) one run does three comparisons, each server kind started in turn from the
# same zoo.cfg template on free loopback ports with identical client settings:
#   1. standalone: every workload (setData, create, getData, 90/10 mixed) against one server of each kind;
#   2. ensemble:   the same workloads against a 3-member ensemble of each kind (connections spread over the
#                  members, so writes also go through followers; server CPU is summed over the members);
#   3. failover:   on that ensemble, BENCH_FAILOVER trials of kill -9 of the leader under a light write load,
#                  timing the first acknowledged write after the kill (median/max).
# Prints ops/s, p50, p99, server CPU-ms/op (and failover times) for both plus the zknode/ZooKeeper ratios, and
# at the end every ratio again in one table. Raw results stay in out/bench/: standalone/ and ensemble3/ (one
# JSON per server and workload, summary.txt, server logs) and summary.txt (both tables).
# BENCH_MEMBERS=N runs only the N-member comparison (plus failover when N >= 3) into out/bench/.
# If out/zknode/zknode is missing or does not start, that is reported and the ZooKeeper half still runs.
#
# Knobs (environment):  BENCH_DURATION=8  BENCH_WARMUP=2  BENCH_CONNECTIONS=4  BENCH_DEPTH=32
#                       BENCH_SIZE=100  BENCH_WORKLOADS=setData,create,getData,mixed  BENCH_PREWARM=3
#                       BENCH_SERVERS=zknode,zookeeper  BENCH_MEMBERS=(both 1 and 3)  BENCH_FAILOVER=5
#                       BENCH_RATE=N (open loop: N ops/s in all on a fixed schedule, to compare latency at equal
#                       throughput; unset = closed loop)
# Extra arguments are passed to `zk-bench compare` (e.g. --ops 100000).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=${BENCH_OUT:-$ROOT/out/bench}
ZKNODE=${ZKNODE_BIN:-$ROOT/out/zknode/zknode}
BENCH=$ROOT/out/zk-bench/zk-bench
FAILOVER=${BENCH_FAILOVER:-5}

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

# compare MEMBERS OUTDIR [extra zk-bench arguments]
compare() {
  local members=$1 out=$2
  shift 2
  mkdir -p "$out"
  "$BENCH" compare \
    --zknode "$ZKNODE" \
    --out "$out" \
    --servers "${BENCH_SERVERS:-zknode,zookeeper}" \
    --members "$members" \
    --workloads "${BENCH_WORKLOADS:-setData,create,getData,mixed}" \
    --duration "${BENCH_DURATION:-8}" \
    --warmup "${BENCH_WARMUP:-2}" \
    --prewarm "${BENCH_PREWARM:-3}" \
    --connections "${BENCH_CONNECTIONS:-4}" \
    --depth "${BENCH_DEPTH:-32}" \
    --size "${BENCH_SIZE:-100}" \
    ${BENCH_RATE:+--rate "$BENCH_RATE"} \
    "$@"
}

failover_args() {
  if (( $1 >= 3 && FAILOVER > 0 )); then echo "--failover $FAILOVER"; fi
}

if [[ -n ${BENCH_MEMBERS:-} ]]; then
  # shellcheck disable=SC2046 # word splitting of the optional --failover N is intended
  compare "$BENCH_MEMBERS" "$OUT" $(failover_args "$BENCH_MEMBERS") "$@"
  exit
fi

started=$SECONDS
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
status=0
echo "===== 1/2: standalone"
compare 1 "$OUT/standalone" "$@" || status=$?
echo
echo "===== 2/2: 3-member ensembles, then leader failover ($FAILOVER trials)"
# shellcheck disable=SC2046
compare 3 "$OUT/ensemble3" $(failover_args 3) "$@" || status=$?

{
  echo "zknode vs Apache ZooKeeper 3.8, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ), load average at start: $load_start, at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  for part in standalone ensemble3; do
    echo
    echo "----- $part"
    cat "$OUT/$part/summary.txt" 2>/dev/null || echo "(no results)"
  done
} > "$OUT/summary.txt"

echo
echo "===== all ratios zknode/ZooKeeper (ops/s above 1, latency, CPU and failover time below 1 favour zknode)"
printf '%-10s %-9s %8s %8s %8s %10s\n' mode workload ops/s "p50" "p99" "cpu/op"
for part in standalone ensemble3; do
  [[ -f $OUT/$part/summary.txt ]] || continue
  awk -v part="$part" -F'|' '
    function trim(s) { gsub(/^ +| +$/, "", s); return s }
    $2 ~ /ops\/s|p50|p99|cpu|median|max/ {
      w = trim($1); m = trim($2); r[w, m] = trim($5)
      if (!(w in seen)) { seen[w] = 1; order[++n] = w } }
    END {
      for (i = 1; i <= n; i++) {
        w = order[i]
        if (w == "failover") printf "%-10s %-9s median %s, max %s\n", part, w, r[w, "median ms"], r[w, "max ms"]
        else printf "%-10s %-9s %8s %8s %8s %10s\n", part, w, r[w, "ops/s"], r[w, "p50 ms"], r[w, "p99 ms"], r[w, "cpu ms/op"]
      } }' "$OUT/$part/summary.txt"
done
echo "(raw results and both tables: $OUT; took $((SECONDS - started))s)"
exit $status
