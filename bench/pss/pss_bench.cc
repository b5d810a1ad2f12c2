// Cost of Pod Security Standards evaluation relative to loading the manifests it reads.
//   Load      YAML/JSON text -> documents -> objects (what every scan pays anyway)
//   Pss       the PSS rules (restricted, latest) over the already loaded objects
//   LoadPss   both, per document: what a scan of the same input costs with PSS on
// Input: every *.yaml/*.yml/*.json under ../shared/corpus/realworld, or the files/folder named by
// the environment variable BULWARK_PSS_BENCH_INPUT (run.sh uses it for the generated peer corpus).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "doc/json_loader.h"
#include "doc/yaml_loader.h"
#include "k8s/object.h"
#include "rules/catalog.h"

namespace {

namespace fs = std::filesystem;
using namespace bulwark;

struct Input {
  std::string name;
  std::string text;
};

std::vector<Input> read_inputs() {
  const char* env = std::getenv("BULWARK_PSS_BENCH_INPUT");
  fs::path root =
      env && *env ? fs::path(env) : fs::path(BULWARK_SOURCE_DIR) / ".." / "shared" / "corpus" / "realworld";
  std::vector<fs::path> paths;
  if (fs::is_regular_file(root)) {
    paths.push_back(root);
  } else if (fs::is_directory(root)) {
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      std::string ext = e.path().extension().string();
      if (e.is_regular_file() && (ext == ".yaml" || ext == ".yml" || ext == ".json"))
        paths.push_back(e.path());
    }
  }
  std::sort(paths.begin(), paths.end());
  std::vector<Input> inputs;
  for (const fs::path& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    inputs.push_back({p.string(), s.str()});
  }
  return inputs;
}

const std::vector<Input>& inputs() {
  static const std::vector<Input> all = read_inputs();
  return all;
}

std::size_t total_bytes() {
  std::size_t n = 0;
  for (const Input& i : inputs()) n += i.text.size();
  return n;
}

// Documents of one file, loaded the way the engine loads them (JSON by its first byte, YAML as a
// stream split into documents).
std::deque<doc::DocumentResult> load(const Input& input) {
  if (doc::looks_like_json(input.text)) {
    std::deque<doc::DocumentResult> one;
    one.push_back(doc::load_json_document(input.name, input.text));
    return one;
  }
  std::deque<doc::DocumentResult> docs;
  doc::MemoryByteSource source(input.text);
  doc::YamlStreamLoader loader(source, input.name);
  while (std::optional<doc::DocumentResult> d = loader.next()) docs.push_back(std::move(*d));
  return docs;
}

std::vector<rules::ObjectRule> pss_rules() {
  std::vector<rules::ObjectRule> out;
  for (const rules::ObjectRule& r : rules::object_rules())
    if (r.meta->id.starts_with("PSS-")) out.push_back(r);
  return out;
}

std::size_t run_pss(const std::vector<rules::ObjectRule>& rules_, const std::vector<k8s::Object>& objects,
                    const rules::CheckContext& context) {
  rules::FindingSink sink;
  for (const k8s::Object& o : objects)
    for (const rules::ObjectRule& r : rules_) r.check(o, context, sink);
  return sink.findings().size();
}

void set_counters(benchmark::State& state, std::size_t documents) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total_bytes()));
  state.counters["documents"] = static_cast<double>(documents);
  state.counters["docs_per_s"] = benchmark::Counter(
      static_cast<double>(documents) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_Load(benchmark::State& state) {
  inputs();  // read the files outside the timed loop
  std::size_t documents = 0;
  for (auto _ : state) {
    documents = 0;
    for (const Input& input : inputs()) {
      std::deque<doc::DocumentResult> docs = load(input);
      for (const doc::DocumentResult& d : docs) {
        if (!d) continue;
        ++documents;
        std::vector<k8s::Object> objects = k8s::Object::in(*d);
        benchmark::DoNotOptimize(objects.data());
      }
    }
  }
  set_counters(state, documents);
}

void BM_Pss(benchmark::State& state) {
  std::vector<std::deque<doc::DocumentResult>> loaded;
  std::vector<k8s::Object> objects;
  std::size_t documents = 0;
  for (const Input& input : inputs()) loaded.push_back(load(input));
  for (const auto& docs : loaded)
    for (const doc::DocumentResult& d : docs)
      if (d) {
        ++documents;
        for (k8s::Object& o : k8s::Object::in(*d)) objects.push_back(std::move(o));
      }
  const std::vector<rules::ObjectRule> rules_ = pss_rules();
  const rules::CheckContext context;
  std::size_t findings = 0;
  for (auto _ : state) findings = run_pss(rules_, objects, context);
  set_counters(state, documents);
  state.counters["findings"] = static_cast<double>(findings);
  state.counters["objects"] = static_cast<double>(objects.size());
}

void BM_LoadPss(benchmark::State& state) {
  inputs();
  const std::vector<rules::ObjectRule> rules_ = pss_rules();
  const rules::CheckContext context;
  std::size_t documents = 0;
  for (auto _ : state) {
    documents = 0;
    for (const Input& input : inputs()) {
      std::deque<doc::DocumentResult> docs = load(input);
      for (const doc::DocumentResult& d : docs) {
        if (!d) continue;
        ++documents;
        benchmark::DoNotOptimize(run_pss(rules_, k8s::Object::in(*d), context));
      }
    }
  }
  set_counters(state, documents);
}

BENCHMARK(BM_Load)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK(BM_Pss)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK(BM_LoadPss)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  // One untimed pass first: the allocator's first growth to the corpus's working set (fresh pages,
  // glibc raising its mmap threshold) would otherwise be charged to whichever benchmark runs first.
  {
    std::vector<std::deque<doc::DocumentResult>> all;
    for (const Input& input : inputs()) all.push_back(load(input));
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
