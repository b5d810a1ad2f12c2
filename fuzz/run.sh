#!/usr/bin/env bash
# `make fuzz [FUZZ_SECONDS=N] [FUZZ_JOBS=J] [FUZZ_TARGETS="a b"]`: builds every libFuzzer target
# with clang (ASan + UBSan) and runs each for N seconds (default 60), J targets at a time (default
# 1), from the checked-in seeds in fuzz/corpus/<target>. Any crash, leak, timeout, out-of-memory
# or sanitizer report fails the run (exit 1); the input is kept in build/fuzz/crashes/ and becomes
# a regression test (copy it into tests/regressions/<target>/). A missing target fails too.
#
# Deterministic mode (the CI gate, `make test-fuzz-ci`): FUZZ_SEED=S runs every target from its
# seeds only (a fresh working corpus) with libFuzzer's -seed=S, and FUZZ_RUNS_FILE caps each
# target's executions (lines "<target> <runs>"). With the same code, a run then executes a prefix
# of the same input sequence, which was run clean to the cap before the caps were recorded: a
# failure means the code changed and the fuzzer found a real bug in it, never bad luck.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${1:-${FUZZ_SECONDS:-60}}
jobs=${FUZZ_JOBS:-1}
build=${FUZZ_BUILD:-build/fuzz}
targets=${FUZZ_TARGETS:-$(cd fuzz/corpus && ls)}
seed=${FUZZ_SEED:-}
runs_file=${FUZZ_RUNS_FILE:-}

cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++-16 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DBULWARK_FUZZ=ON -DBULWARK_TESTS=OFF -DBULWARK_BENCH=OFF >/dev/null
build_start=$(date +%s)
if ! cmake --build "$build" -j "$(nproc)" --target $(for t in $targets; do echo "fuzz_$t"; done) \
     > "$build/build.log" 2>&1; then
  tail -40 "$build/build.log"
  echo "fuzz: build FAILED — see $build/build.log"
  exit 1
fi
echo "fuzz: built $(echo $targets | wc -w) targets in $(( $(date +%s) - build_start ))s"
mkdir -p "$build/crashes" "$build/results"

# Runs one target; writes "<target> ok|FAILED <runs> <what>" to results/<target>.
run_one() {
  local t=$1 bin="$build/bin/fuzz_$1" work="$build/corpus/$1" log="$build/$1.log"
  if [ ! -x "$bin" ]; then
    echo "$t FAILED 0 not-built" > "$build/results/$t"
    return
  fi
  local extra=()
  if [ -n "$seed" ]; then
    rm -rf "$work"
    # -reload=0: re-reading the corpus folder every second is the one time-dependent input.
    extra+=(-seed="$seed" -reload=0)
  fi
  if [ -n "$runs_file" ]; then
    local cap
    cap=$(awk -v t="$t" '$1 == t { print $2 }' "$runs_file")
    [ -n "$cap" ] && extra+=(-runs="$cap")
  fi
  mkdir -p "$work"
  # -timeout and -rss_limit_mb turn hangs and memory blow-ups into failures; the loaders' own
  # limits keep every input far below them. The fresh corpus comes first: libFuzzer adds new
  # inputs to the first directory, so the checked-in seeds stay as they are.
  local rc=0
  # A symbolizer turns the stack of a failure into file:line.
  local symbolizer
  symbolizer=$(command -v llvm-symbolizer-16 || command -v llvm-symbolizer || command -v llvm-symbolizer-14 || true)
  # UBSan recovers by default in this build: halt, so that undefined behaviour is a failure too.
  ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$symbolizer} ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
    "$bin" "${extra[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$build/crashes/$t-" "$work" "fuzz/corpus/$t" \
    > "$log" 2>&1 || rc=$?
  local runs
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  if [ "$rc" -eq 0 ]; then
    echo "$t ok ${runs:-0}" > "$build/results/$t"
  else
    local what
    what=$(grep -m1 -oE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer|UndefinedBehaviorSanitizer): [a-z-]+|runtime error|deadly signal|timeout|out-of-memory' "$log" | head -1 | tr ' ' '_')
    echo "$t FAILED ${runs:-0} ${what:-exit-$rc}" > "$build/results/$t"
  fi
}

rm -f "$build"/results/*
running=0
for t in $targets; do
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait

status=0
for t in $targets; do
  read -r name result runs what < "$build/results/$t" || { name=$t result=FAILED runs=0 what=no-result; }
  if [ "$result" = ok ]; then
    printf 'fuzz: %-18s ok      %9s runs (time limit %ss)\n' "$name" "$runs" "$seconds"
  else
    printf 'fuzz: %-18s FAILED  %9s runs: %s — %s, inputs in %s/crashes/\n' "$name" "$runs" "$what" \
      "$build/$name.log" "$build"
    status=1
  fi
done
if [ "$status" -ne 0 ]; then
  for t in $targets; do
    if grep -q FAILED "$build/results/$t" && [ -f "$build/$t.log" ]; then
      echo "---- $t"
      grep -A25 -m1 -E '^==[0-9]+== ?ERROR|runtime error|^SUMMARY' "$build/$t.log" | head -40 || tail -25 "$build/$t.log"
    fi
  done
fi
exit $status
