#!/bin/bash
# Prints a markdown section: image scan throughput (read_image on a generated OCI image of gzip layers,
# BULWARK_IMAGE_BENCH_MB of layer data, default 200) against libarchive listing the same layers (the
# floor, what `tar -tzvf` does), and the peak RSS of one scan measured in a fresh process.
# usage: bench/image/run.sh [build-dir]   (from the repository root; default build dir: build)
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-${BULWARK_BUILD:-${BULWARK_BUILD_DIR:-build}}}
BIN=$BUILD/bin/image_bench
[ -x "$BIN" ] || BIN=$BUILD/bench/image/image_bench
echo "## Image scan"
if [ ! -x "$BIN" ]; then echo "(skipped: build $BIN first: ninja -C $BUILD image_bench)"; exit 0; fi
MB=${BULWARK_IMAGE_BENCH_MB:-200}
# Generates (or reuses) the image before anything is timed.
"$BIN" --benchmark_filter=BM_ReadImagePeakRss >/dev/null 2>&1 || true
echo
echo "Generated OCI layout: 5 gzip layers, ${MB} MB of layer data (text-like files, ~3:1), median of 3, CPU time."
echo
echo "| what | ms per image (CPU) | MB/s of layer data | vs floor |"
echo "|---|---|---|---|"
"$BIN" --benchmark_filter='BM_(LibarchiveListing|ReadImage)$' --benchmark_repetitions=3 \
  --benchmark_report_aggregates_only=true --benchmark_format=csv 2>/dev/null |
  awk -F, '/_median"/ { name=$1; gsub(/"/, "", name); sub(/_median/, "", name); ms[name]=$4; bps[name]=$6 }
    END { floor=bps["BM_LibarchiveListing"];
          printf "| libarchive listing (floor) | %.0f | %.0f | 1.00 |\n", ms["BM_LibarchiveListing"], floor / 1e6;
          printf "| bulwark read_image | %.0f | %.0f | %.2f |\n", ms["BM_ReadImage"], bps["BM_ReadImage"] / 1e6,
                 bps["BM_ReadImage"] / floor;
          printf "README| Image read, %s MB of layers | %.0f MB/s = **%.2f ×** the floor | libarchive listing: %.0f MB/s |\n",
                 mb, bps["BM_ReadImage"] / 1e6, bps["BM_ReadImage"] / floor, floor / 1e6 }' mb="$MB"
# Peak RSS in a process that did nothing else (VmHWM reset right before the scan).
line=$("$BIN" --benchmark_filter=BM_ReadImagePeakRss 2>/dev/null | grep -o 'layer_MB=.*' || true)
echo
echo "Peak RSS of one scan, fresh process (target < 64 MB): ${line:-not measured}"
