#!/bin/bash
# Prints a markdown section: what Pod Security Standards evaluation costs next to loading the
# manifests (../shared/corpus/realworld), and, side by side on the same generated documents, bulwark's
# PSS against the npm package @monokle/validation with only its pod-security-standards plugin
# (benchmark-only peer, installed into a temporary directory when node/npm are present).
# usage: bench/pss/run.sh [build-dir]   (from anywhere; default build dir: build). Never part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-${BULWARK_BUILD:-${BULWARK_BUILD_DIR:-build}}}
BIN=$BUILD/bin/pss_bench
[ -x "$BIN" ] || BIN=$BUILD/bench/pss/pss_bench
SHARED=../shared
echo "## Pod Security Standards"
if [ ! -x "$BIN" ]; then echo "(skipped: build $BIN first: ninja -C $BUILD pss_bench)"; exit 0; fi

# CPU ms (median of 5) of one benchmark, each in its own process so that one benchmark's heap
# growth is not charged to or credited to another.
median_ms() { # benchmark-name [input]
  BULWARK_PSS_BENCH_INPUT=${2:-} "$BIN" --benchmark_filter="^$1/" --benchmark_repetitions=5 \
    --benchmark_report_aggregates_only=true --benchmark_format=csv 2>/dev/null |
    awk -F, '/_median"/ { print $4 }'
}
# "cpu wall" documents/s of one benchmark on one input: per CPU second, and per wall-clock second
# (monokle's own figure is wall-clock, so that is the one to compare on a busy machine).
docs_per_s() { # benchmark-name input
  BULWARK_PSS_BENCH_INPUT=$2 "$BIN" --benchmark_filter="^$1/" --benchmark_repetitions=5 \
    --benchmark_report_aggregates_only=true --benchmark_counters_tabular=true --benchmark_format=csv 2>/dev/null |
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { h = $i; gsub(/"/, "", h); col[h] = i } }
             /_median"/ { printf "%.0f %.0f", $col["docs_per_s"], $col["documents"] / ($col["real_time"] / 1000) }'
}

if [ -d "$SHARED/corpus/realworld" ]; then
  load=$(median_ms BM_Load)
  pss=$(median_ms BM_Pss)
  both=$(median_ms BM_LoadPss)
  echo
  echo "Real-world corpus ($SHARED/corpus/realworld), level restricted, version latest; CPU ms per corpus pass,"
  echo "median of 5, each benchmark in its own process."
  echo
  echo "| what | ms | vs loading |"
  echo "|---|---|---|"
  awk -v l="$load" -v p="$pss" -v b="$both" 'BEGIN {
    printf "| load (YAML/JSON -> documents -> objects) | %.1f | 100 %% |\n", l
    printf "| PSS rules on the loaded objects | %.2f | %.1f %% |\n", p, 100 * p / l
    printf "| load + PSS | %.1f | %.1f %% |\n", b, 100 * b / l }'
else
  echo "(real-world part skipped: $SHARED/corpus/realworld is absent)"
fi

echo
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "@monokle/validation: node/npm absent, peer not measured."
  exit 0
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cp "$SHARED/bench/monokle_bench.mjs" "$SHARED/bench/gen.mjs" "$TMP/"
if ! (cd "$TMP" && echo '{"type":"module","private":true}' > package.json &&
      npm install --no-audit --no-fund --silent @monokle/validation@^0.33.0 js-yaml@^4.1.0 yaml >/dev/null 2>&1); then
  echo "@monokle/validation: npm install failed, peer not measured."
  exit 0
fi
(cd "$TMP" && node gen.mjs 4 corpus >/dev/null)
INPUT=$TMP/corpus/k8s-2000.yaml
monokle=$(cd "$TMP" && node monokle_bench.mjs corpus/k8s-2000.yaml 5 pod-security-standards |
  sed -n 's/.*docs_per_s=\([0-9]*\).*/\1/p')
read -r both_cpu both_wall <<<"$(docs_per_s BM_LoadPss "$INPUT")"
read -r pss_cpu pss_wall <<<"$(docs_per_s BM_Pss "$INPUT")"
echo "Same 2,000 generated documents (node $SHARED/bench/gen.mjs), one thread each. monokle's figure is"
echo "wall-clock time of its validate() call on documents its driver has already parsed; bulwark's first"
echo "row includes parsing. Ratios use wall-clock figures on both sides."
echo
echo "| tool | documents/s (wall) | documents/s (CPU) | ratio to monokle |"
echo "|---|---|---|---|"
awk -v m="$monokle" -v bw="$both_wall" -v bc="$both_cpu" -v pw="$pss_wall" -v pc="$pss_cpu" 'BEGIN {
  printf "| bulwark: load + PSS (restricted, latest) | %d | %d | %.1fx |\n", bw, bc, bw / m
  printf "| bulwark: PSS on loaded objects | %d | %d | %.1fx |\n", pw, pc, pw / m
  printf "| @monokle/validation pod-security-standards plugin | %d | | 1x |\n", m }'
awk -v m="$monokle" -v pw="$pss_wall" 'BEGIN {
  printf "README| PSS evaluation vs @monokle/validation (2,000 documents, objects loaded) | **%.0f ×** documents/s | monokle PSS plugin: %d documents/s |\n", pw / m, m }'
