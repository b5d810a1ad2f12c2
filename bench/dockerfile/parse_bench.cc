// Parse throughput over the real Dockerfiles of ../shared/corpus/dockerfiles (files read once, then parsed
// from memory): the parser alone, and the parser plus shell splitting of every RUN (what the rules consume).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "dockerfile/parser.h"
#include "dockerfile/shell_commands.h"

namespace {

namespace fs = std::filesystem;
using namespace bulwark::dockerfile;

const std::vector<std::string>& corpus() {
  static const std::vector<std::string> files = [] {
    std::vector<fs::path> paths;
    const fs::path root = fs::path(BULWARK_SOURCE_DIR) / ".." / "shared" / "corpus" / "dockerfiles";
    if (fs::is_directory(root))
      for (const auto& e : fs::recursive_directory_iterator(root))
        if (e.is_regular_file() && e.path().filename().string().starts_with("Dockerfile")) paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    std::vector<std::string> texts;
    for (const auto& p : paths) {
      std::ifstream in(p, std::ios::binary);
      std::ostringstream s;
      s << in.rdbuf();
      texts.push_back(s.str());
    }
    return texts;
  }();
  return files;
}

void report(benchmark::State& state, std::size_t bytes) {
  const auto files = static_cast<double>(corpus().size());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["files/s"] = benchmark::Counter(files, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_ParseCorpus(benchmark::State& state) {
  const auto& files = corpus();
  if (files.empty()) {
    state.SkipWithError("../shared/corpus/dockerfiles is absent");
    return;
  }
  std::size_t bytes = 0;
  for (const auto& f : files) bytes += f.size();
  for (auto _ : state) {
    for (const auto& f : files) {
      Dockerfile df = parse(f);
      benchmark::DoNotOptimize(df.instructions.data());
    }
  }
  report(state, bytes);
}
BENCHMARK(BM_ParseCorpus)->Unit(benchmark::kMillisecond);

void BM_ParseAndSplitCorpus(benchmark::State& state) {
  const auto& files = corpus();
  if (files.empty()) {
    state.SkipWithError("../shared/corpus/dockerfiles is absent");
    return;
  }
  std::size_t bytes = 0;
  for (const auto& f : files) bytes += f.size();
  std::size_t commands = 0;
  for (auto _ : state) {
    for (const auto& f : files) {
      const Dockerfile df = parse(f);
      for (const Instruction& ins : df.instructions)
        if (ins.keyword == Keyword::Run) commands += run_commands(ins).commands.size();
    }
  }
  benchmark::DoNotOptimize(commands);
  report(state, bytes);
}
BENCHMARK(BM_ParseAndSplitCorpus)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
