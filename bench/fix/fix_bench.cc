// `fix` against `scan` on the same bytes: ../shared/corpus/realworld (or BULWARK_FIX_BENCH_DIR),
// one thread each. BM_Scan is the engine's scan with every rule; BM_Fix is fix_text on every
// file (load, the fixable rules, planning, edits, and the re-load + re-scan that verifies
// them); BM_FixAllFixes adds the opt-in fixes.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/scanner.h"
#include "fix/file_fixer.h"

namespace {

namespace fs = std::filesystem;

struct Corpus {
  std::vector<std::string> paths;
  std::vector<std::string> texts;
  std::size_t bytes = 0;
};

const Corpus& corpus() {
  static const Corpus c = [] {
    Corpus out;
    const char* dir = std::getenv("BULWARK_FIX_BENCH_DIR");
    const fs::path root = dir ? fs::path(dir) : fs::path(BULWARK_SOURCE_DIR) / "../shared/corpus/realworld";
    if (!fs::exists(root)) return out;
    for (const auto& e : fs::recursive_directory_iterator(root))
      if (e.is_regular_file() && (e.path().extension() == ".yaml" || e.path().extension() == ".yml"))
        out.paths.push_back(e.path().string());
    std::ranges::sort(out.paths);
    for (const std::string& p : out.paths) {
      std::ifstream in(p, std::ios::binary);
      std::stringstream s;
      s << in.rdbuf();
      out.texts.push_back(s.str());
      out.bytes += out.texts.back().size();
    }
    return out;
  }();
  return c;
}

void BM_Scan(benchmark::State& state) {
  const Corpus& c = corpus();
  if (c.paths.empty()) return state.SkipWithError("no corpus");
  std::vector<bulwark::engine::Input> inputs;
  for (const std::string& p : c.paths) inputs.push_back({p, bulwark::engine::InputKind::Manifest});
  bulwark::engine::ScanOptions options;
  options.jobs = 1;
  for (auto _ : state) benchmark::DoNotOptimize(bulwark::engine::scan(inputs, options));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.bytes));
}

void run_fix(benchmark::State& state, bool all) {
  const Corpus& c = corpus();
  if (c.paths.empty()) return state.SkipWithError("no corpus");
  bulwark::fix::FileFixOptions options;
  options.settings.selection.read_only_root = all;
  options.settings.selection.automount_token = all;
  std::size_t changed = 0;
  for (auto _ : state) {
    changed = 0;
    for (std::size_t i = 0; i < c.texts.size(); ++i)
      changed += bulwark::fix::fix_text(c.paths[i], c.texts[i], options).changed ? 1 : 0;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.bytes));
  state.counters["files_changed"] = static_cast<double>(changed);
}

void BM_Fix(benchmark::State& state) {
  run_fix(state, false);
}
void BM_FixAllFixes(benchmark::State& state) {
  run_fix(state, true);
}

BENCHMARK(BM_Scan)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Fix)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_FixAllFixes)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
