# The README's two commands: `make run` and `make test`. Each installs what is missing (apt),
# builds with every core (ccache keeps rebuilds fast), then does its job.
BUILD      ?= build/release
ASAN_BUILD ?= build/asan
TSAN_BUILD ?= build/tsan
FUZZ_SECONDS ?= 60
JOBS       ?= $(shell nproc)
CMAKE_GEN  := -G Ninja
BULWARK    := $(BUILD)/bin/bulwark
# ccache hits across clones (CI builds a fresh clone in another folder): paths below the
# project are hashed relative to it, and the working directory is left out of the hash.
export CCACHE_BASEDIR   := $(CURDIR)
export CCACHE_NOHASHDIR := 1
export CCACHE_MAXSIZE   ?= 5G

.PHONY: all deps build build-asan build-tsan run test test-release test-asan test-tsan test-fuzz-ci test-fuzz bench fuzz docs \
	format clean

all: build

deps:
	@scripts/install-deps build

build: deps
	@cmake -S . -B $(BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBULWARK_BENCH=OFF >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

build-asan: deps
	@cmake -S . -B $(ASAN_BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBULWARK_SANITIZE=ON -DBULWARK_BENCH=OFF >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)

# The webhook is the concurrent part: its tests (and only they) are built with ThreadSanitizer.
SERVER_TESTS := server_tests server_transport_tests server_load_tests
build-tsan: deps
	@cmake -S . -B $(TSAN_BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBULWARK_TSAN=ON -DBULWARK_BENCH=OFF >/dev/null
	@cmake --build $(TSAN_BUILD) -j $(JOBS) --target $(SERVER_TESTS) bulwark

# Scans the bundled insecure example app. Findings are the expected outcome of the demo, so
# exit code 1 (findings) counts as success here; 2 (usage or load error) does not.
run: build
	@$(BULWARK) scan examples/; rc=$$?; if [ $$rc -gt 1 ]; then exit $$rc; fi

# The whole suite, then again with AddressSanitizer + UndefinedBehaviorSanitizer, the webhook's
# tests under ThreadSanitizer, and every fuzz target for up to FUZZ_SECONDS. Every input a fuzzer
# ever failed on is replayed by the suite (tests/regressions). The gate's fuzzing is seeded and
# capped (fuzz/ci-runs.txt), so the same code always meets the same inputs: only a change to the
# code can turn it red, never the luck of a random search (`make test-fuzz` is that search).
test: test-release test-asan test-tsan test-fuzz-ci

test-release: build
	@cd $(BUILD) && ctest -j $(JOBS) --output-on-failure --timeout 600

test-asan: build-asan
	@cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest -j $(JOBS) --output-on-failure --timeout 900 -LE no-sanitizer

test-tsan: build-tsan
	@cd $(TSAN_BUILD) && TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$(CURDIR)/tests/tsan-suppressions.txt \
		ctest -j $(JOBS) --output-on-failure --timeout 900 -L 'server|transport|load'

test-fuzz-ci:
	@scripts/install-deps fuzz
	@FUZZ_SEED=1 FUZZ_RUNS_FILE=fuzz/ci-runs.txt FUZZ_JOBS=$(JOBS) fuzz/run.sh $(FUZZ_SECONDS)

test-fuzz:
	@scripts/install-deps fuzz
	@FUZZ_JOBS=$(JOBS) fuzz/run.sh $(FUZZ_SECONDS)

# Every benchmark of the project in one report: bench/report.md.
bench:
	@scripts/install-deps bench
	@bench/run.sh

fuzz:
	@scripts/install-deps fuzz
	@fuzz/run.sh $(FUZZ_SECONDS)

# Regenerates docs/rules/*.md and the README rule table from the rule metadata.
docs: build
	@scripts/generate-docs $(BULWARK)

format:
	@clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf build
