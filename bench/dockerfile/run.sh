#!/bin/bash
# Prints a markdown section: bulwark's Dockerfile parse throughput over ../shared/corpus/dockerfiles and,
# side by side, the in-process throughput of the npm linters dockerfilelint / dockerfile_lint on the same
# files (benchmark-only peers, installed here into the build directory when node/npm are present).
# usage: bench/dockerfile/run.sh [build-dir]   (from the repository root; default build dir: build)
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-${BULWARK_BUILD:-${BULWARK_BUILD_DIR:-build}}}
CORPUS=../shared/corpus/dockerfiles
find_bin() { for d in "$BUILD/bin" "$BUILD/bench/dockerfile"; do [ -x "$d/$1" ] && { echo "$d/$1"; return; }; done; echo "$BUILD/bin/$1"; }
BIN=$(find_bin dockerfile_bench)
echo "## Dockerfile parsing"
if [ ! -d "$CORPUS" ]; then echo "(skipped: $CORPUS is absent)"; exit 0; fi
if [ ! -x "$BIN" ]; then echo "(skipped: build $BIN first: ninja -C $BUILD dockerfile_bench)"; exit 0; fi
files=$(find "$CORPUS" -type f -name 'Dockerfile*' | wc -l)
bytes=$(find "$CORPUS" -type f -name 'Dockerfile*' -print0 | xargs -0 cat | wc -c)
echo
echo "Corpus: $files Dockerfiles, $bytes bytes (in memory, median of 5 repetitions). BM_CheckCorpus = parse + every"
echo "default Dockerfile rule; the node peers also parse and lint (their own rule sets)."
echo
echo "| what | ms per corpus pass (CPU) | files/s | MB/s |"
echo "|---|---|---|---|"
RULES_BIN=$(find_bin dockerfile_rules_bench)
for b in "$BIN" "$RULES_BIN"; do
  [ -x "$b" ] || continue
  "$b" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true --benchmark_format=csv 2>/dev/null |
    awk -F, '/_median"/ { name=$1; gsub(/"/, "", name); sub(/_median/, "", name); ms=$4; bps=$6;
              printf "| bulwark %s | %.2f | %.0f | %.0f |\n", name, ms, '"$files"' / (ms / 1000), bps / 1e6 }'
done
if command -v node >/dev/null && command -v npm >/dev/null; then
  PEERS=$BUILD/bench-peers/dockerfile
  mkdir -p "$PEERS"
  if [ ! -d "$PEERS/node_modules/dockerfilelint" ]; then
    (cd "$PEERS" && npm install --no-audit --no-fund --silent dockerfilelint@^1.8.0 dockerfile_lint@^0.3.4 >/dev/null 2>&1) || true
  fi
  if [ -d "$PEERS/node_modules/dockerfilelint" ]; then
    rm -rf "$PEERS/flat" && mkdir -p "$PEERS/flat"
    i=0
    while IFS= read -r f; do i=$((i + 1)); cp "$f" "$PEERS/flat/$(printf %04d $i).Dockerfile"; done \
      < <(find "$CORPUS" -type f -name 'Dockerfile*' | sort)
    cp ../shared/bench/docker_bench.mjs "$PEERS/"
    (cd "$PEERS" && node docker_bench.mjs flat 5) | awk -F'\t' '{ split($6, m, "="); split($7, f, "="); split($4, n, "=");
        printf "| %s (node, in-process; %s findings) | %.2f | %s | |\n", $1, n[2], m[2], f[2] }'
    # Whole commands, as a developer or CI runs them, over the same files in the same run.
    BULWARK=${BULWARK_BIN:-$BUILD/bin/bulwark}
    if [ -x "$BULWARK" ] && command -v hyperfine >/dev/null; then
      whole=$PEERS/whole.json
      bw_findings=$("$BULWARK" scan --no-config -q --format json "$PEERS/flat" | python3 -c "import json,sys; print(json.load(sys.stdin)['summary']['findings'])" || true)
      # dockerfilelint exits before a pipe drains (its JSON is cut at 64 KiB): write to a file.
      "$PEERS/node_modules/.bin/dockerfilelint" -o json "$PEERS"/flat/*.Dockerfile > "$PEERS/dfl.json" || true
      dfl_findings=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['totalIssues'])" "$PEERS/dfl.json" || true)
      # 30 runs each: the ratio is read from medians as well as means, as a busy moment of this shared
      # machine can add tens of milliseconds to a run of either command.
      hyperfine -N -i --warmup 3 --min-runs 30 --export-json "$whole" \
        "$BULWARK scan --no-config -q --format json -o /dev/null $PEERS/flat" \
        "$PEERS/node_modules/.bin/dockerfilelint -o json $(echo "$PEERS"/flat/*.Dockerfile)" >/dev/null 2>&1
      read -r bw_ms dfl_ms bw_cpu dfl_cpu bw_med dfl_med < <(python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))['results']
print(r[0]['mean'] * 1e3, r[1]['mean'] * 1e3, (r[0]['user'] + r[0]['system']) * 1e3, (r[1]['user'] + r[1]['system']) * 1e3,
      r[0]['median'] * 1e3, r[1]['median'] * 1e3)" "$whole")
      echo
      echo "Whole commands over the same $files files (hyperfine, 30 runs each, load average $(cut -d' ' -f1 /proc/loadavg)):"
      echo
      echo "| command | wall ms (mean) | wall ms (median) | CPU ms | findings |"
      echo "|---|---|---|---|---|"
      printf '| `bulwark scan` (every default rule) | %.1f | %.1f | %.1f | %s |\n' "$bw_ms" "$bw_med" "$bw_cpu" "$bw_findings"
      printf '| `dockerfilelint` | %.0f | %.0f | %.0f | %s |\n' "$dfl_ms" "$dfl_med" "$dfl_cpu" "$dfl_findings"
      ratio=$(awk -v a="$dfl_ms" -v b="$bw_ms" 'BEGIN { printf "%.1f", a / b }')
      median_ratio=$(awk -v a="$dfl_med" -v b="$bw_med" 'BEGIN { printf "%.1f", a / b }')
      cpu_ratio=$(awk -v a="$dfl_cpu" -v b="$bw_cpu" 'BEGIN { printf "%.1f", a / b }')
      echo
      echo "bulwark is **${ratio} ×** faster in wall time (means; ${median_ratio} × by medians, ${cpu_ratio} × in CPU time)."
      echo "README| \`bulwark scan\` of $files Dockerfiles vs \`dockerfilelint\` (whole commands) | **${ratio} ×** faster wall (means; ${median_ratio} × medians), ${cpu_ratio} × CPU; $bw_findings vs $dfl_findings findings | target ≥ 20 × |"
    fi
  else
    echo "| dockerfilelint | (npm install failed: peer not measured) | | |"
  fi
else
  echo "| dockerfilelint | (node/npm absent: peer not measured) | | |"
fi
