#!/usr/bin/env bash
# `bulwark scan` as a developer and CI run it: wall time (hyperfine) and peak RSS (GNU time) on
# one small manifest (the pre-commit case, target < 10 ms) and on the whole real-world corpus with
# --jobs 1 and --jobs 2 (the scaling ratio). Reports are written to /dev/null; exit code 1
# (findings) is the expected outcome, so hyperfine ignores exit codes.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${BULWARK_BIN:-$root/build/release/bin/bulwark}
shared=${BULWARK_SHARED:-$root/../shared}
work=${BULWARK_BENCH_WORK:-$root/build/bench-work}/cli
mkdir -p "$work"
small="$root/examples/deployment.yaml"
corpus="$shared/corpus/realworld"

command -v hyperfine >/dev/null || { echo "bench/cli: hyperfine is not installed (scripts/install-deps bench)" >&2; exit 1; }
[ -d "$corpus" ] || { echo "bench/cli: $corpus is absent" >&2; exit 1; }

# mean and stddev of wall time, and mean CPU time (user + system), in ms from a hyperfine JSON export.
# On a loaded machine the wall time includes waiting for a core; the CPU time does not.
stats() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f\"{r['mean']*1e3:.1f} {r['stddev']*1e3:.1f} {(r['user']+r['system'])*1e3:.1f}\")" "$1"; }
# peak RSS in MB of one run
rss() { /usr/bin/time -f '%M' -o "$work/rss.txt" "$@" >/dev/null 2>&1 || true; echo $(( $(tail -1 "$work/rss.txt") / 1024 )); }

measure() {  # name, then the command
  local name=$1; shift
  hyperfine -N --warmup 3 --min-runs 10 -i --export-json "$work/$name.json" "$*" >/dev/null 2>&1
  read -r mean sd cpu < <(stats "$work/$name.json")
  echo "$mean $sd $cpu $(rss "$@")"
}

files=$(find "$corpus" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) | wc -l)
mb=$(du -sm "$corpus" | cut -f1)
read -r s_mean s_sd s_cpu s_rss < <(measure small "$bin" scan --no-config -q --format json -o /dev/null "$small")
read -r j1_mean j1_sd j1_cpu j1_rss < <(measure jobs1 "$bin" scan --no-config -q --format json -o /dev/null --jobs 1 "$corpus")
read -r j2_mean j2_sd j2_cpu j2_rss < <(measure jobs2 "$bin" scan --no-config -q --format json -o /dev/null --jobs 2 "$corpus")
speedup=$(python3 -c "print(f'{$j1_mean/$j2_mean:.2f}')")

echo "## bulwark scan (command line)"
echo
echo "Machine: $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg) while measured; hyperfine mean ± σ of ≥ 10 runs after 3 warm-ups."
echo
echo "| input | jobs | wall time | CPU time (user + sys) | peak RSS |"
echo "|---|---|---|---|---|"
echo "| one manifest ($(basename "$small"), $(stat -c %s "$small") B) | default | $s_mean ± $s_sd ms | $s_cpu ms | $s_rss MB |"
echo "| corpus/realworld ($files files, $mb MB) | 1 | $j1_mean ± $j1_sd ms | $j1_cpu ms | $j1_rss MB |"
echo "| corpus/realworld ($files files, $mb MB) | 2 | $j2_mean ± $j2_sd ms | $j2_cpu ms | $j2_rss MB |"
echo
echo "Scaling --jobs 1 → 2: **$speedup ×** (ideal 2 ×)."
echo "README| \`bulwark scan\` one small manifest | **$s_mean ms** wall ($s_cpu ms CPU), $s_rss MB peak RSS | target < 10 ms (pre-commit) |"
echo "README| \`bulwark scan\` corpus/realworld ($files files), --jobs 1 → 2 | $j1_mean → $j2_mean ms = **$speedup ×** | ideal 2 × on 2 cores |"
