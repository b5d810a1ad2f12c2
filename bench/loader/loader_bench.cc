// Loading cost against the parser floor, in the same process and run:
//   libyaml's event parse with every event discarded (no tree) vs bulwark's YAML loader, and
//   simdjson On-Demand walking every value vs bulwark's JSON loader.
// Inputs come from the environment: BULWARK_BENCH_YAML (a multi-document stream) and
// BULWARK_BENCH_JSON (one JSON value); bench/run.sh sets them.
#include <benchmark/benchmark.h>
#include <simdjson.h>
#include <yaml.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "doc/json_loader.h"
#include "doc/yaml_loader.h"

namespace {

std::string slurp(const char* env) {
  const char* path = std::getenv(env);
  if (!path) return {};
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::string& yaml_text() {
  static const std::string text = slurp("BULWARK_BENCH_YAML");
  return text;
}

const std::string& json_text() {
  static const std::string text = slurp("BULWARK_BENCH_JSON");
  return text;
}

void LibyamlEventFloor(benchmark::State& state) {
  const std::string& text = yaml_text();
  if (text.empty()) return state.SkipWithError("BULWARK_BENCH_YAML not set");
  for (auto _ : state) {
    yaml_parser_t parser;
    yaml_event_t event;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    std::size_t events = 0;
    for (bool done = false; !done;) {
      if (!yaml_parser_parse(&parser, &event)) return state.SkipWithError("libyaml parse error");
      done = event.type == YAML_STREAM_END_EVENT;
      ++events;
      yaml_event_delete(&event);
    }
    yaml_parser_delete(&parser);
    benchmark::DoNotOptimize(events);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(LibyamlEventFloor)->Unit(benchmark::kMillisecond)->MinTime(2);

void BulwarkYamlLoad(benchmark::State& state) {
  const std::string& text = yaml_text();
  if (text.empty()) return state.SkipWithError("BULWARK_BENCH_YAML not set");
  std::size_t documents = 0;
  for (auto _ : state) {
    bulwark::doc::MemoryByteSource source(text);
    bulwark::doc::YamlStreamLoader loader(source, "bench.yaml");
    documents = 0;
    while (auto d = loader.next()) {
      if (!*d) return state.SkipWithError(d->error().message.c_str());
      benchmark::DoNotOptimize((*d)->root());
      ++documents;
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["documents"] = static_cast<double>(documents);
}
BENCHMARK(BulwarkYamlLoad)->Unit(benchmark::kMillisecond)->MinTime(2);

// Visits every value so the floor does the same walk as the loader, minus building the tree.
std::size_t walk(simdjson::ondemand::value v) {
  std::size_t n = 1;
  switch (v.type()) {
    case simdjson::ondemand::json_type::object:
      for (auto field : v.get_object()) n += walk(field.value());
      break;
    case simdjson::ondemand::json_type::array:
      for (auto item : v.get_array()) n += walk(item.value());
      break;
    case simdjson::ondemand::json_type::string:
      benchmark::DoNotOptimize(v.get_string().value());
      break;
    default:
      benchmark::DoNotOptimize(v.raw_json_token());
      break;
  }
  return n;
}

void SimdjsonOnDemandFloor(benchmark::State& state) {
  const std::string& text = json_text();
  if (text.empty()) return state.SkipWithError("BULWARK_BENCH_JSON not set");
  const simdjson::padded_string padded(text);
  simdjson::ondemand::parser parser;
  for (auto _ : state) {
    auto doc = parser.iterate(padded);
    simdjson::ondemand::value root = doc.get_value();
    benchmark::DoNotOptimize(walk(root));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(SimdjsonOnDemandFloor)->Unit(benchmark::kMillisecond)->MinTime(2);

void BulwarkJsonLoad(benchmark::State& state) {
  const std::string& text = json_text();
  if (text.empty()) return state.SkipWithError("BULWARK_BENCH_JSON not set");
  for (auto _ : state) {
    auto d = bulwark::doc::load_json_document("bench.json", text);
    if (!d) return state.SkipWithError(d.error().message.c_str());
    benchmark::DoNotOptimize(d->root());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BulwarkJsonLoad)->Unit(benchmark::kMillisecond)->MinTime(2);

}  // namespace

BENCHMARK_MAIN();
