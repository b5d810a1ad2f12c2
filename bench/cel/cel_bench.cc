// Evaluation throughput of typical admission expressions (ValidatingAdmissionPolicy style) on a
// Deployment: compiled once, evaluated many times; plus the per-request path that also parses the JSON.
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cel/json_value.h"
#include "cel/program.h"

namespace {

using namespace bulwark::cel;

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Case {
  std::string name;
  std::string expr;
};

std::vector<Case> load_cases() {
  std::vector<Case> cases;
  std::istringstream lines(read_file(std::string(BULWARK_SOURCE_DIR) + "/bench/cel/expressions.txt"));
  std::string line, combined;
  while (std::getline(lines, line)) {
    auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    cases.push_back({line.substr(0, tab), line.substr(tab + 1)});
    combined += (combined.empty() ? "(" : " && (") + line.substr(tab + 1) + ")";
  }
  cases.push_back({"combined", combined});
  return cases;
}

struct Fixture {
  Environment env;
  std::string json;
  Value object;
  Value params;

  Fixture() {
    env.declare("object");
    env.declare("params");
    json = read_file(std::string(BULWARK_SOURCE_DIR) + "/bench/cel/deployment.json");
    simdjson::dom::parser parser;
    object = from_json(parser.parse(json).value());
    params = Value::map({{Value::string("maxReplicas"), Value::integer(5)}});
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

void evaluate(benchmark::State& state, const std::string& expr) {
  Fixture& f = fixture();
  auto program = compile(expr, f.env);
  if (!program) {
    state.SkipWithError(program.error().message.c_str());
    return;
  }
  Activation act(f.env);
  act.set("object", f.object);
  act.set("params", f.params);
  for (auto _ : state) {
    Value v = program->evaluate(act);
    benchmark::DoNotOptimize(v);
    if (v.kind() != Kind::Bool || !v.as_bool()) {
      state.SkipWithError(("unexpected result: " + debug_string(v)).c_str());
      return;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

void parse_and_evaluate(benchmark::State& state, const std::string& expr) {
  Fixture& f = fixture();
  auto program = compile(expr, f.env);
  if (!program) {
    state.SkipWithError(program.error().message.c_str());
    return;
  }
  simdjson::dom::parser parser;
  simdjson::padded_string json(f.json);
  for (auto _ : state) {
    Activation act(f.env);
    act.set("object", from_json(parser.parse(json).value()));
    act.set("params", f.params);
    Value v = program->evaluate(act);
    benchmark::DoNotOptimize(v);
  }
  state.SetItemsProcessed(state.iterations());
}

void compile_only(benchmark::State& state, const std::string& expr) {
  Fixture& f = fixture();
  for (auto _ : state) {
    auto program = compile(expr, f.env);
    benchmark::DoNotOptimize(program);
  }
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

int main(int argc, char** argv) {
  for (const Case& c : load_cases()) {
    benchmark::RegisterBenchmark(("eval/" + c.name).c_str(), evaluate, c.expr);
  }
  for (const Case& c : load_cases()) {
    if (c.name == "combined") {
      benchmark::RegisterBenchmark("json+eval/combined", parse_and_evaluate, c.expr);
      benchmark::RegisterBenchmark("compile/combined", compile_only, c.expr);
    }
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
