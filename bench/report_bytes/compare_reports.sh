#!/bin/bash
# Compares the reports of two bulwark binaries byte for byte (the run's own duration masked):
# JSON, SARIF, text, JUnit, GitHub, Markdown and PolicyReport, to a file (-o) and to standard
# output, with --jobs 1 and 2, over the Dockerfile and real-world corpora and examples/.
# Use: bench/report_bytes/compare_reports.sh OLD_BULWARK NEW_BULWARK [PATH...]   (from the repo root)
# A speed-up that changes no output byte leaves this silent and exits 0.
set -u
old=$1 new=$2
shift 2
sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=(../shared/corpus/dockerfiles ../shared/corpus/realworld examples)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mask() { sed -E 's/"seconds":[0-9.]+/"seconds":X/; s/"timestamp":[^,}]*/"timestamp":X/g; s/, [0-9.]+ m?s$/, T/; s/seconds: [0-9]+/seconds: X/; s/time="[0-9.]+"/time="X"/g'; }
status=0
for s in "${sets[@]}"; do
  [ -e "$s" ] || { echo "skipped (absent): $s"; continue; }
  for j in 1 2; do
    for f in json sarif text junit github markdown policyreport; do
      for which in old new; do
        bin=${!which}
        "$bin" scan --no-config -q --jobs $j --format $f -o "$work/$which.file" "$s" >/dev/null 2>"$work/$which.err"
        echo "exit $?" >>"$work/$which.err"
        mask <"$work/$which.file" >"$work/$which.masked"
        "$bin" scan --no-config --no-color --jobs $j --format $f "$s" 2>&1 | mask >"$work/$which.stdout"
      done
      for part in masked err stdout; do
        cmp -s "$work/old.$part" "$work/new.$part" || { echo "DIFFERS: $s --jobs $j --format $f ($part)"; status=1; }
      done
    done
  done
done
exit $status
