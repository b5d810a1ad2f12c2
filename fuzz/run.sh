#!/usr/bin/env bash
# `make fuzz [FUZZ_SECONDS=N]`: builds every libFuzzer target with clang (ASan + UBSan) and runs
# each for N seconds (default 60) from the checked-in seeds in fuzz/corpus/<target>. Any crash,
# leak, timeout or sanitizer report fails the run; the input is kept in build/fuzz/crashes/ and
# becomes a regression test (copy it into tests/regressions/).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${1:-60}
build=build/fuzz
cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++-16 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DBULWARK_FUZZ=ON -DBULWARK_TESTS=OFF -DBULWARK_BENCH=OFF >/dev/null
targets=$(cd fuzz/corpus && ls)
cmake --build "$build" -j "$(nproc)" --target $(for t in $targets; do echo "fuzz_$t"; done) >/dev/null
mkdir -p "$build/crashes"
status=0
for t in $targets; do
  bin="$build/bin/fuzz_$t"
  [ -x "$bin" ] || { echo "fuzz: $t not built (layer absent)"; continue; }
  work="$build/corpus/$t"
  mkdir -p "$work"
  # -rss_limit_mb and -timeout turn memory blow-ups and hangs into failures; the loaders' own
  # limits must keep every input far below them.
  if "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
       -artifact_prefix="$build/crashes/$t-" "$work" "fuzz/corpus/$t" > "$build/$t.log" 2>&1; then
    echo "fuzz: $t ok ($(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$build/$t.log" | grep -o '[0-9]*$') runs in ${seconds}s)"
  else
    echo "fuzz: $t FAILED — see $build/$t.log and $build/crashes/"
    tail -30 "$build/$t.log"
    status=1
  fi
done
exit $status
