#!/usr/bin/env bash
# `make bench`: every benchmark of the project in one report, bench/report.md, and the README's
# performance table generated from it. Each figure is a ratio against a floor or a peer measured
# in the same run (these machines are noisy: absolute numbers from different runs mean little).
#
# Protocol for parts: every bench/<area>/run.sh gets the environment below, prints a markdown
# section on stdout, and may print lines starting with "README| " — rows for the README table.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# BULWARK_BUILD may name an existing RelWithDebInfo build with -DBULWARK_BENCH=ON to reuse.
export BULWARK_BUILD="${BULWARK_BUILD:-$root/build/bench}"
export BULWARK_BIN="$BULWARK_BUILD/bin/bulwark"
export BULWARK_BENCH_WORK="$root/build/bench-work"
export BULWARK_SHARED="$root/../shared"
mkdir -p "$BULWARK_BENCH_WORK"

generator=(-G Ninja)
[ -f "$BULWARK_BUILD/CMakeCache.txt" ] && generator=()  # an existing build keeps its generator
cmake -S . -B "$BULWARK_BUILD" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBULWARK_BENCH=ON >/dev/null
cmake --build "$BULWARK_BUILD" -j "$(nproc)" >/dev/null

# The shared generator: deterministic documents (needs js-yaml from the npm registry).
kit="$BULWARK_BENCH_WORK/kit"
if [ ! -f "$kit/corpus/k8s-large.yaml" ]; then
  rm -rf "$kit" && cp -r "$BULWARK_SHARED/bench" "$kit" && chmod -R u+w "$kit"
  (cd "$kit" && npm install --silent --no-audit --no-fund >/dev/null 2>&1 && node gen.mjs 64 corpus >/dev/null)
fi
export BULWARK_KIT="$kit"

report="$root/bench/report.md"
rows="$BULWARK_BENCH_WORK/readme-rows.md"
: > "$rows"
{
  echo "# bulwark benchmark report"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB"
  echo
} > "$report"

for part in "$root"/bench/*/run.sh; do
  echo "bench: $(basename "$(dirname "$part")")" >&2
  if out=$(bash "$part" 2>"$BULWARK_BENCH_WORK/stderr.txt"); then
    printf '%s\n' "$out" | grep -v '^README| ' >> "$report" || true
    printf '%s\n' "$out" | sed -n 's/^README| *|* */| /p' >> "$rows"
  else
    echo "## $(basename "$(dirname "$part")")" >> "$report"
    echo "failed: $(tail -3 "$BULWARK_BENCH_WORK/stderr.txt")" >> "$report"
  fi
  echo >> "$report"
done

# README: replace the table between the performance markers.
load_at_end=$(cut -d' ' -f1-3 /proc/loadavg)
python3 - "$root/README.md" "$rows" "$(date -u +%Y-%m-%d)" "$load_at_end" <<'PY'
import sys, re
readme, rows = sys.argv[1], open(sys.argv[2]).read().strip()
day, load = sys.argv[3], sys.argv[4]
text = open(readme).read()
table = "| what | figure | floor / peer (same run) |\n|---|---|---|\n" + (rows + "\n" if rows else "")
table += ("\nMeasured by `make bench` on " + day + " on the 2-core development machine (load average at the end: "
          + load + "); each figure is a ratio against its floor or peer measured in the same run, because these"
          " machines are noisy. Reproduce with `make bench` (which rewrites this table and bench/report.md) or"
          " one part, e.g. `bench/server/run.sh build/bench 5`.\n")
text = re.sub(r"<!-- perf:begin -->.*<!-- perf:end -->",
              "<!-- perf:begin -->\n" + table + "<!-- perf:end -->", text, flags=re.S)
open(readme, "w").write(text)
PY
echo "bench: report in bench/report.md; README performance table updated" >&2
