// Parse + all Dockerfile rules (default set) over ../shared/corpus/dockerfiles, files in memory.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "rules/dockerfile/dockerfile_rule.h"

namespace {

namespace fs = std::filesystem;

std::vector<std::string> load_corpus() {
  std::vector<fs::path> paths;
  const fs::path root = fs::path(BULWARK_SOURCE_DIR) / ".." / "shared" / "corpus" / "dockerfiles";
  if (fs::is_directory(root))
    for (const auto& e : fs::recursive_directory_iterator(root))
      if (e.is_regular_file() && e.path().filename().string().starts_with("Dockerfile"))
        paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> texts;
  for (const auto& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    texts.push_back(s.str());
  }
  return texts;
}

void BM_CheckCorpus(benchmark::State& state) {
  static const std::vector<std::string> files = load_corpus();
  if (files.empty()) {
    state.SkipWithError("../shared/corpus/dockerfiles is absent");
    return;
  }
  std::size_t bytes = 0, findings = 0;
  for (const auto& f : files) bytes += f.size();
  for (auto _ : state)
    for (const auto& f : files)
      findings += bulwark::rules::dockerfile::check_dockerfile("Dockerfile", f).size();
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["files/s"] =
      benchmark::Counter(static_cast<double>(files.size()), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["findings"] = static_cast<double>(findings / std::max<std::size_t>(1, state.iterations()));
}
BENCHMARK(BM_CheckCorpus)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
