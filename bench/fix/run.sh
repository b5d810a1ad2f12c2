#!/usr/bin/env bash
# `bulwark fix` throughput on ../shared/corpus/realworld next to `scan` alone, one thread each,
# in the same run (protocol: bench/run.sh). The fix figure includes the re-load and re-scan
# that verify every fixed file before it would be written.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BULWARK_BUILD:-$root/build/bench}
BIN=$BUILD/bin/fix_bench
[ -x "$BIN" ] || BIN=$BUILD/bench/fix/fix_bench
SHARED=${BULWARK_SHARED:-$root/../shared}
work=${BULWARK_BENCH_WORK:-/tmp}/fix
mkdir -p "$work"
echo "## bulwark fix"
echo
if [ ! -x "$BIN" ]; then echo "(skipped: build fix_bench first)"; exit 0; fi
if [ ! -d "$SHARED/corpus/realworld" ]; then echo "(skipped: $SHARED/corpus/realworld is absent)"; exit 0; fi
BULWARK_FIX_BENCH_DIR="$SHARED/corpus/realworld" "$BIN" --benchmark_repetitions=3 \
  --benchmark_report_aggregates_only=true --benchmark_format=json --benchmark_out="$work/fix.json" >/dev/null 2>&1
read -r scan fix all changed < <(python3 - "$work/fix.json" <<'PY'
import json, sys
d = {b["name"].split("/")[0] + "_" + b.get("aggregate_name", ""): b for b in json.load(open(sys.argv[1]))["benchmarks"]}
m = lambda n: d[n + "_median"]["bytes_per_second"] / 1e6
print(f'{m("BM_Scan"):.1f} {m("BM_Fix"):.1f} {m("BM_FixAllFixes"):.1f} {int(d["BM_Fix_median"].get("files_changed", 0))}')
PY
)
size=$(du -sm "$SHARED/corpus/realworld" | cut -f1)
ratio=$(python3 -c "print(f'{$fix/$scan:.2f}')")
ratio_all=$(python3 -c "print(f'{$all/$scan:.2f}')")
echo "| corpus | scan (all rules) MB/s | fix MB/s | fix / scan | fix with opt-in fixes MB/s | fix / scan |"
echo "|---|---|---|---|---|---|"
echo "| realworld (${size} MB, $changed files changed) | $scan | $fix | $ratio | $all | $ratio_all |"
echo
echo "One thread each; median of 3. fix = load, the fixable rules, planning, text edits, re-load and re-scan of the result."
echo "README| \`bulwark fix\` on realworld | $fix MB/s = **$ratio ×** scan | \`scan\` alone, same files, one thread: $scan MB/s |"
