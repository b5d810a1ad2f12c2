// Cost of the security rule catalog (workload, service accounts, RBAC, network, secrets, cluster
// families; object rules and cross-object rules) relative to loading the manifests.
//   Load         YAML text -> documents -> objects (what every scan pays anyway)
//   Catalog      the catalog's enabled rules over the already loaded objects, cross-object included
//   LoadCatalog  both: what a scan of the same input costs with the catalog on
// Input: every *.yaml/*.yml under ../shared/corpus/realworld, or the file/folder named by
// BULWARK_CATALOG_BENCH_INPUT.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "doc/byte_source.h"
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
  const char* env = std::getenv("BULWARK_CATALOG_BENCH_INPUT");
  const fs::path root =
      env && *env ? fs::path(env) : fs::path(BULWARK_SOURCE_DIR) / ".." / "shared" / "corpus" / "realworld";
  std::vector<fs::path> paths;
  if (fs::is_regular_file(root)) {
    paths.push_back(root);
  } else if (fs::is_directory(root)) {
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      const std::string ext = e.path().extension().string();
      if (e.is_regular_file() && (ext == ".yaml" || ext == ".yml")) paths.push_back(e.path());
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

bool in_catalog(const rules::RuleMeta& m) {
  using rules::Family;
  return m.enabled_by_default &&
         (m.family == Family::Workload || m.family == Family::ServiceAccount || m.family == Family::Rbac ||
          m.family == Family::Network || m.family == Family::Secrets || m.family == Family::Cluster);
}

std::vector<rules::ObjectRule> catalog_rules() {
  std::vector<rules::ObjectRule> out;
  for (const rules::ObjectRule& r : rules::object_rules())
    if (in_catalog(*r.meta)) out.push_back(r);
  return out;
}

struct Loaded {
  std::deque<doc::Document> documents;
  std::vector<k8s::Object> objects;
};

void load_into(const Input& input, Loaded& out) {
  doc::MemoryByteSource source(input.text);
  doc::YamlStreamLoader loader(source, input.name);
  while (auto d = loader.next()) {
    if (!d->has_value()) continue;
    out.documents.push_back(std::move(**d));
    for (k8s::Object& o : k8s::Object::in(out.documents.back())) out.objects.push_back(std::move(o));
  }
}

std::size_t run_catalog(const std::vector<k8s::Object>& objects,
                        const std::vector<rules::ObjectRule>& object_rules) {
  std::vector<std::unique_ptr<rules::CrossObjectCheck>> cross;
  for (const rules::CrossObjectRule& r : rules::cross_object_rules())
    if (std::any_of(r.metas.begin(), r.metas.end(), [](const rules::RuleMeta* m) { return in_catalog(*m); }))
      cross.push_back(r.make());
  rules::FindingSink sink;
  const rules::CheckContext context;
  for (const k8s::Object& o : objects) {
    for (const rules::ObjectRule& r : object_rules) r.check(o, context, sink);
    for (auto& c : cross) c->observe(o, context);
  }
  for (auto& c : cross) c->finish(sink);
  return sink.findings().size();
}

std::size_t total_bytes() {
  std::size_t n = 0;
  for (const Input& i : inputs()) n += i.text.size();
  return n;
}

void BM_Load(benchmark::State& state) {
  for (auto _ : state) {
    Loaded loaded;
    for (const Input& i : inputs()) load_into(i, loaded);
    benchmark::DoNotOptimize(loaded.objects.size());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total_bytes()));
}
BENCHMARK(BM_Load)->Unit(benchmark::kMillisecond);

void BM_Catalog(benchmark::State& state) {
  Loaded loaded;
  for (const Input& i : inputs()) load_into(i, loaded);
  const auto object_rules = catalog_rules();
  std::size_t findings = 0;
  for (auto _ : state) findings = run_catalog(loaded.objects, object_rules);
  state.counters["findings"] = static_cast<double>(findings);
  state.counters["objects"] = static_cast<double>(loaded.objects.size());
}
BENCHMARK(BM_Catalog)->Unit(benchmark::kMillisecond);

void BM_LoadCatalog(benchmark::State& state) {
  const auto object_rules = catalog_rules();
  for (auto _ : state) {
    Loaded loaded;
    for (const Input& i : inputs()) load_into(i, loaded);
    benchmark::DoNotOptimize(run_catalog(loaded.objects, object_rules));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total_bytes()));
}
BENCHMARK(BM_LoadCatalog)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
