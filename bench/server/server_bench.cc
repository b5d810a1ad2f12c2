// The webhook's request path without the network: the Deployment AdmissionReview that
// bench/server/run.sh posts (deployment_review.json, in the namespace of namespaces.yaml: enforce
// baseline, warn and audit restricted, bulwark rules warned from medium) fed to each stage.
//   Decode    JSON body -> document -> AdmissionRequest
//   Evaluate  PSS + built-in rules -> Decision
//   Encode    Decision -> answer JSON
//   LogLine   the decision log line (formatted; the write is not timed)
//   Handle    WebhookHandler::handle("POST", "/validate"): all of the above plus metrics, the
//             decision log disabled as in run.sh (`--no-decision-log`)
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "server/admission_evaluator.h"
#include "server/admission_review.h"
#include "server/decision_log.h"
#include "server/metrics.h"
#include "server/namespace_policy.h"
#include "server/webhook_handler.h"

namespace {

using namespace bulwark::server;

std::string read_fixture(const char* name) {
  std::ifstream in(std::string(BULWARK_SOURCE_DIR) + "/bench/server/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Setup {
  std::string review = read_fixture("deployment_review.json");
  std::shared_ptr<NamespacePolicies> namespaces = [] {
    auto n = std::make_shared<NamespacePolicies>();
    auto loaded = n->load_file(std::string(BULWARK_SOURCE_DIR) + "/bench/server/namespaces.yaml");
    if (!loaded || *loaded != 1) std::abort();
    return n;
  }();
  AdmissionEvaluator evaluator{{}, namespaces};
  Metrics metrics;
  DecisionLog log{1, false};
  WebhookHandler handler{evaluator, metrics, log};
};

Setup& setup() {
  static Setup s;
  return s;
}

void Decode(benchmark::State& state) {
  Setup& s = setup();
  for (auto _ : state) {
    auto review = decode_admission_review(s.review);
    benchmark::DoNotOptimize(review);
  }
}
BENCHMARK(Decode);

void Evaluate(benchmark::State& state) {
  Setup& s = setup();
  auto review = decode_admission_review(s.review);
  if (!review) std::abort();
  for (auto _ : state) {
    Decision d = s.evaluator.evaluate(review->request);
    benchmark::DoNotOptimize(d);
  }
}
BENCHMARK(Evaluate);

void Encode(benchmark::State& state) {
  Setup& s = setup();
  auto review = decode_admission_review(s.review);
  if (!review) std::abort();
  const Decision d = s.evaluator.evaluate(review->request);
  for (auto _ : state) {
    std::string answer = encode_admission_review(review->request.version, d.response);
    benchmark::DoNotOptimize(answer);
  }
}
BENCHMARK(Encode);

void LogLine(benchmark::State& state) {
  Setup& s = setup();
  auto review = decode_admission_review(s.review);
  if (!review) std::abort();
  const Decision d = s.evaluator.evaluate(review->request);
  for (auto _ : state) {
    std::string line = decision_log_line(review->request, d, 0.1);
    benchmark::DoNotOptimize(line);
  }
}
BENCHMARK(LogLine);

void Handle(benchmark::State& state) {
  Setup& s = setup();
  for (auto _ : state) {
    HttpAnswer a = s.handler.handle("POST", "/validate", s.review);
    if (a.status != 200) std::abort();
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(Handle);

}  // namespace

BENCHMARK_MAIN();
