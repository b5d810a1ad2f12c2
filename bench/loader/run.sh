#!/usr/bin/env bash
# Loading vs the parser floor (issue: foundation §5), and streaming memory.
set -euo pipefail
work="$BULWARK_BENCH_WORK/loader"
mkdir -p "$work"
# The real-world corpus as one multi-document stream.
realworld="$work/realworld.yaml"
find "$BULWARK_SHARED/corpus/realworld" -name '*.yaml' -o -name '*.yml' | sort | while read -r f; do
  echo '---'; cat "$f"; echo
done > "$realworld"
generated="$BULWARK_KIT/corpus/k8s-large.yaml"

ratio() { python3 -c "import json,sys; d={b['name'].split('/')[0]:b for b in json.load(open(sys.argv[1]))['benchmarks']}; \
f=d[sys.argv[2]]['bytes_per_second']/1e6; l=d[sys.argv[3]]['bytes_per_second']/1e6; print(f'{f:.1f} {l:.1f} {l/f:.2f}')" "$@"; }

echo "## Loading vs parser floor"
echo
echo "| input | size | libyaml events (floor) MB/s | bulwark load MB/s | ratio |"
echo "|---|---|---|---|---|"
for input in "$realworld" "$generated"; do
  name=$(basename "$input")
  BULWARK_BENCH_YAML="$input" "$BULWARK_BUILD/bin/loader_bench" --benchmark_filter='Yaml|Libyaml' \
    --benchmark_format=json --benchmark_out="$work/$name.json" >/dev/null 2>&1
  read -r floor load r < <(ratio "$work/$name.json" LibyamlEventFloor BulwarkYamlLoad)
  echo "| $name | $(du -m "$input" | cut -f1) MB | $floor | $load | $r |"
  echo "README| YAML load, $name ($(du -m "$input" | cut -f1) MB) | $load MB/s = **$r ×** the floor | libyaml event parse, no tree: $floor MB/s |"
done
json="$BULWARK_KIT/corpus/k8s-large.json"
BULWARK_BENCH_JSON="$json" "$BULWARK_BUILD/bin/loader_bench" --benchmark_filter='Json|Simdjson' \
  --benchmark_format=json --benchmark_out="$work/json.json" >/dev/null 2>&1
read -r floor load r < <(ratio "$work/json.json" SimdjsonOnDemandFloor BulwarkJsonLoad)
echo "| k8s-large.json | $(du -m "$json" | cut -f1) MB | simdjson On-Demand walk: $floor | $load | $r |"
echo "README| JSON load, k8s-large.json | $load MB/s = **$r ×** the floor | simdjson On-Demand walk of every value: $floor MB/s |"
echo

# Streaming: 1 GB of documents piped through `bulwark scan -`. Only the duplicate-key rule runs,
# so the figure is the loader's and engine's memory, not the size of the findings list.
echo "## Streaming memory"
echo
reps=$(( (1024 + $(du -m "$generated" | cut -f1) - 1) / $(du -m "$generated" | cut -f1) ))
/usr/bin/time -f '%M %e' -o "$work/time.txt" bash -c \
  "for i in \$(seq $reps); do cat '$generated'; echo '---'; done | '$BULWARK_BIN' scan - --rules manifest --format json -o /dev/null" || true
read -r rss secs < "$work/time.txt"
gb=$(python3 -c "print(f'{$reps*$(stat -c %s "$generated")/1e9:.2f}')")
echo "- $gb GB stream piped to \`bulwark scan - --rules manifest\`: peak RSS $((rss / 1024)) MB, $secs s"
echo "README| Streaming $gb GB through \`bulwark scan -\` | peak RSS **$((rss / 1024)) MB** | target < 200 MB |"
