#!/bin/bash
# Prints a markdown section: bulwark's CEL evaluation throughput for typical admission expressions on a
# Deployment (bench/cel/expressions.txt, bench/cel/deployment.json) and, side by side in the same run,
# the same expressions in @bufbuild/cel (benchmark-only peer, installed into the build directory when
# node/npm are present), with the ratio. Rates per CPU-second for both, so a busy machine does not skew the ratio.
# usage: bench/cel/run.sh [build-dir]   (from the repository root; default build dir: build)
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-${BULWARK_BUILD:-${BULWARK_BUILD_DIR:-build}}}
find_bin() { for d in "$BUILD/bin" "$BUILD/bench/cel"; do [ -x "$d/$1" ] && { echo "$d/$1"; return; }; done; echo "$BUILD/bin/$1"; }
BIN=$(find_bin cel_bench)
echo "## CEL evaluation"
if [ ! -x "$BIN" ]; then echo "(skipped: build $BIN first: ninja -C $BUILD cel_bench)"; exit 0; fi
declare -A ours
while IFS=$'\t' read -r name rate; do ours[$name]=$rate; done < <(
  "$BIN" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true --benchmark_format=csv 2>/dev/null |
    awk -F, '/_median"/ { name=$1; gsub(/"/, "", name); sub(/_median/, "", name); printf "%s\t%.0f\n", name, 1e9 / $4 }')
declare -A peer
peer_note=""
if command -v node >/dev/null && command -v npm >/dev/null; then
  PEERS=${BULWARK_BENCH_WORK:-$BUILD}/bench-peers/cel
  mkdir -p "$PEERS"
  if [ ! -d "$PEERS/node_modules/@bufbuild/cel" ]; then
    (cd "$PEERS" && npm init -y >/dev/null 2>&1 && npm install --no-audit --no-fund --silent @bufbuild/cel@^0.6.1 >/dev/null 2>&1) || true
  fi
  if [ -d "$PEERS/node_modules/@bufbuild/cel" ]; then
    cp bench/cel/cel_peer.mjs "$PEERS/"
    while IFS=$'\t' read -r name rate; do peer[$name]=$rate; done < <(
      cd "$PEERS" && node cel_peer.mjs "$OLDPWD/bench/cel/expressions.txt" "$OLDPWD/bench/cel/deployment.json" 1)
  else
    peer_note="(npm install of @bufbuild/cel failed: peer not measured)"
  fi
else
  peer_note="(node/npm absent: peer not measured)"
fi
echo
echo "Deployment with 3 containers; programs compiled once; median of 5 repetitions; rates per CPU-second for both (one core; node's GC threads included), measured in the same run. $peer_note"
echo
echo "| expression | bulwark evals/s | @bufbuild/cel evals/s | ratio |"
echo "|---|---|---|---|"
for name in dropAll noPrivileged allowedRegistry maxReplicas combined; do
  o=${ours[eval/$name]:-}
  p=${peer[$name]:-}
  ratio=""
  if [[ -n "$o" && "$p" =~ ^[0-9]+$ && "$p" -gt 0 ]]; then ratio=$(awk -v a="$o" -v b="$p" 'BEGIN { printf "%.1f×", a / b }'); fi
  echo "| $name | ${o:-?} | ${p:-n/a} | $ratio |"
done
echo "| JSON parse + convert + combined | ${ours[json+eval/combined]:-?} | | |"
o=${ours[eval/combined]:-}
p=${peer[combined]:-}
if [[ -n "$o" && "$p" =~ ^[0-9]+$ && "$p" -gt 0 ]]; then
  echo "README| CEL: 4 admission expressions on a Deployment, combined | $o evals/s | @bufbuild/cel $p evals/s ($(awk -v a="$o" -v b="$p" 'BEGIN { printf "%.0f", a / b }')×) |"
elif [[ -n "$o" ]]; then
  echo "README| CEL: 4 admission expressions on a Deployment, combined | $o evals/s | peer not measured |"
fi
echo "| compile combined | ${ours[compile/combined]:-?} | | |"
