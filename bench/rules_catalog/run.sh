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
