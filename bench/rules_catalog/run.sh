#!/bin/bash
# Prints a markdown section: what the security rule catalog (workload, service accounts, RBAC,
# network, secrets, cluster; object and cross-object rules) costs next to loading the manifests
# of ../shared/corpus/realworld. usage: bench/rules_catalog/run.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-${BULWARK_BUILD:-build}}
BIN=$BUILD/bin/rules_catalog_bench
[ -x "$BIN" ] || BIN=$BUILD/bench/rules_catalog/rules_catalog_bench
echo "## Security rule catalog"
if [ ! -x "$BIN" ]; then echo "(skipped: build $BIN first: ninja -C $BUILD rules_catalog_bench)"; exit 0; fi
if [ ! -d ../shared/corpus/realworld ]; then echo "(skipped: ../shared/corpus/realworld is absent)"; exit 0; fi
median_ms() {
  "$BIN" --benchmark_filter="^$1\$" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
    --benchmark_format=csv 2>/dev/null | awk -F, '/_median"/ { print $4 }'
}
load=$(median_ms BM_Load)
catalog=$(median_ms BM_Catalog)
both=$(median_ms BM_LoadCatalog)
echo
echo "Real-world corpus, every enabled catalog rule (cross-object included); CPU ms per corpus pass, median of 5."
echo
echo "| what | ms | vs loading |"
echo "|---|---|---|"
awk -v l="$load" -v c="$catalog" -v b="$both" 'BEGIN {
  printf "| load (YAML -> documents -> objects) | %.1f | 100 %% |\n", l
  printf "| catalog rules on the loaded objects | %.2f | %.1f %% |\n", c, 100 * c / l
  printf "| load + catalog | %.1f | %.1f %% |\n", b, 100 * b / l }'
echo "README| catalog rules (workload, RBAC, network, secrets, ...) on realworld | **+$(awk -v l="$load" -v c="$catalog" 'BEGIN { printf "%.0f", 100 * c / l }') %** over loading | target: under +50 % |"

# The generated multi-megabyte stream (the shared kit's k8s-large.yaml), in process: the same three
# benchmarks on one large input.
kit=${BULWARK_KIT:-}
stream=$kit/corpus/k8s-large.yaml
if [ -n "$kit" ] && [ -f "$stream" ]; then
  stream_mb=$(( $(stat -c %s "$stream") / 1048576 ))
  export BULWARK_CATALOG_BENCH_INPUT=$stream
  sload=$(median_ms BM_Load)
  scat=$(median_ms BM_Catalog)
  unset BULWARK_CATALOG_BENCH_INPUT
  echo
  echo "Generated stream ($stream_mb MB, $(grep -c '^---' "$stream") documents), CPU ms per pass, median of 5:"
  echo
  echo "| what | ms | vs loading |"
  echo "|---|---|---|"
  awk -v l="$sload" -v c="$scat" 'BEGIN {
    printf "| load | %.0f | 100 %% |\n", l
    printf "| catalog rules on the loaded objects | %.0f | %.1f %% |\n", c, 100 * c / l }'
  echo "README| catalog rules on the ${stream_mb} MB generated stream | **+$(awk -v l="$sload" -v c="$scat" 'BEGIN { printf "%.0f", 100 * c / l }') %** over loading | target: under +50 % |"
fi

# Whole command on a folder of 5,000 small manifests (one document per file, cut from the stream):
# every rule against only the manifest-level checks (what loading and walking the files costs).
bulwark=${BULWARK_BIN:-$BUILD/bin/bulwark}
if [ -n "$kit" ] && [ -f "$stream" ] && [ -x "$bulwark" ] && command -v hyperfine >/dev/null; then
  small=${BULWARK_BENCH_WORK:-$BUILD}/catalog-5000
  if [ ! -f "$small/4999.yaml" ]; then
    rm -rf "$small" && mkdir -p "$small"
    awk -v dir="$small" 'BEGIN { n = -1 }
      /^---/ { n++; if (n == 5000) exit; file = sprintf("%s/%04d.yaml", dir, n); next }
      n >= 0 { print > file }' "$stream"
  fi
  files=$(find "$small" -name '*.yaml' | wc -l)
  json=${BULWARK_BENCH_WORK:-$BUILD}/catalog-5000.json
  hyperfine -N -i --warmup 1 --min-runs 5 --export-json "$json" \
    "$bulwark scan --no-config -q --format json -o /dev/null $small" \
    "$bulwark scan --no-config -q --format json -o /dev/null --rules manifest $small" >/dev/null 2>&1
  read -r all_ms floor_ms < <(python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(r[0]['mean']*1e3, r[1]['mean']*1e3)" "$json")
  echo
  echo "Folder of $files one-document manifests, whole \`bulwark scan\` (default jobs), hyperfine mean:"
  echo
  echo "| what | ms | files/s |"
  echo "|---|---|---|"
  awk -v a="$all_ms" -v f="$floor_ms" -v n="$files" 'BEGIN {
    printf "| every rule | %.0f | %.0f |\n", a, n / (a / 1000)
    printf "| manifest checks only (load + walk) | %.0f | %.0f |\n", f, n / (f / 1000) }'
  echo "README| \`bulwark scan\` of $files small manifests | **$(awk -v a="$all_ms" -v n="$files" 'BEGIN { printf "%.0f", n / (a / 1000) }') files/s** with every rule | $(awk -v a="$all_ms" -v f="$floor_ms" 'BEGIN { printf "%.2f", f / a }') × the speed of loading alone |"
fi
