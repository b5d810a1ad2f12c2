// Every Pod Security Admission fixture of ../shared/corpus/psa, wrapped in an AdmissionReview for
// a namespace labelled with the fixture's level and version: the webhook must allow the `pass`
// fixtures and deny the `fail` ones with PSA's wording for the check. Expectations come from the
// corpus paths and README, not from bulwark. Run once in-process and once over HTTPS with curl.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <sstream>

#include "doc/json_loader.h"
#include "doc/yaml_loader.h"
#include "psa_fixture_rows.h"
#include "review_builder.h"
#include "server/admission_evaluator.h"
#include "server/admission_review.h"
#include "server_fixture.h"

namespace bulwark::server::testing {
namespace {

namespace fs = std::filesystem;

// The corpus README's table: the phrase PSA's error contains for each check.
const std::map<std::string, std::string, std::less<>> kPhrase{
    {"appArmorProfile", "forbidden AppArmor profile"},
    {"capabilities_baseline", "capabilities"},
    {"hostNamespaces", "host namespaces"},
    {"hostPathVolumes", "hostPath"},
    {"hostPorts", "hostPort"},
    {"hostProbesAndHostLifecycle", "probe or lifecycle host"},
    {"privileged", "privileged"},
    {"procMount", "procMount"},
    {"seccompProfile_baseline", "seccompProfile"},
    {"seLinuxOptions", "seLinuxOptions"},
    {"sysctls", "forbidden sysctl"},
    {"windowsHostProcess", "hostProcess"},
    {"allowPrivilegeEscalation", "allowPrivilegeEscalation"},
    {"capabilities_restricted", "unrestricted capabilities"},
    {"procMount_restricted", "procMount"},
    {"restrictedVolumes", "restricted volume types"},
    {"runAsNonRoot", "runAsNonRoot"},
    {"runAsUser", "runAsUser"},
    {"seccompProfile_restricted", "seccompProfile"},
};

struct Fixture {
  std::string path, level, version, expected, check;
  std::string review;  // the AdmissionReview JSON
};

std::string namespace_for(const std::string& level, const std::string& version) {
  std::string ns = level + "-" + version;
  for (char& c : ns)
    if (c == '.') c = '-';
  return ns;
}

std::vector<Fixture> load_fixtures(std::string& namespaces_yaml) {
  std::vector<Fixture> out;
  std::map<std::string, std::pair<std::string, std::string>> namespaces;
  for (PsaFixtureRow& row : read_psa_fixture_rows()) {
    Fixture f{std::move(row.path),     std::move(row.level), std::move(row.version),
              std::move(row.expected), std::move(row.check), {}};
    ReviewBuilder b;
    b.uid = std::to_string(out.size());
    b.namespace_name = namespace_for(f.level, f.version);
    b.object = std::move(row.pod_json);
    f.review = b.json();
    namespaces[b.namespace_name] = {f.level, f.version};
    out.push_back(std::move(f));
  }
  for (const auto& [name, lv] : namespaces)
    namespaces_yaml += "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + name +
                       "\n  labels:\n    pod-security.kubernetes.io/enforce: " + lv.first +
                       "\n    pod-security.kubernetes.io/enforce-version: " + lv.second + "\n";
  return out;
}

// Empty when the answer is the fixture's expectation; else why not.
std::string disagreement(const Fixture& f, bool allowed, std::string_view message) {
  if (f.expected == "pass") return allowed ? "" : "expected allowed, denied: " + std::string(message);
  if (allowed) return "expected denied, allowed";
  const std::string& phrase = kPhrase.at(f.check);
  if (message.find(phrase) == std::string_view::npos)
    return "denied without \"" + phrase + "\": " + std::string(message);
  return {};
}

class PsaCorpus : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(psa_corpus_dir() / "expectations.tsv"))
      GTEST_SKIP() << "../shared/corpus/psa is absent: not run";
    fixtures_ = load_fixtures(namespaces_yaml_);
    ASSERT_EQ(fixtures_.size(), 4537u);
  }
  std::vector<Fixture> fixtures_;
  std::string namespaces_yaml_;
};

TEST_F(PsaCorpus, EveryFixtureGetsItsDecisionInProcess) {
  ScratchDir dir;
  std::ofstream(dir.file("ns.yaml")) << namespaces_yaml_;
  auto namespaces = std::make_shared<NamespacePolicies>();
  ASSERT_TRUE(namespaces->load_file(dir.file("ns.yaml")).has_value());
  const AdmissionEvaluator evaluator({}, namespaces);
  int agree = 0, reported = 0;
  for (const Fixture& f : fixtures_) {
    auto review = decode_admission_review(f.review);
    ASSERT_TRUE(review.has_value()) << f.path;
    const Decision d = evaluator.evaluate(review->request);
    const std::string why = disagreement(f, d.response.allowed, d.response.status_message);
    if (why.empty())
      ++agree;
    else if (++reported < 20)
      ADD_FAILURE() << f.path << ": " << why;
  }
  std::printf("webhook PSA fixtures (in process): %d/%zu agree\n", agree, fixtures_.size());
  EXPECT_EQ(agree, static_cast<int>(fixtures_.size()));
}

TEST_F(PsaCorpus, EveryFixtureGetsItsDecisionOverHttps) {
  if (run_command("command -v curl openssl >/dev/null && echo yes") != "yes\n")
    GTEST_SKIP() << "needs curl, openssl";
  ScratchDir dir;
  TestPki pki(dir);
  ASSERT_TRUE(pki.ok());
  ASSERT_TRUE(pki.issue("server", "bulwark", true));
  RunningServer::Config c;
  c.options.handle_signals = false;
  c.files = {pki.cert("server"), pki.key("server"), ""};
  c.namespaces_yaml = namespaces_yaml_;
  RunningServer s(std::move(c));
  ASSERT_TRUE(s.ok()) << s.error();
  // Two curl processes, each sending half of the fixtures over one keep-alive connection.
  std::vector<std::string> configs(2);
  for (std::size_t i = 0; i < fixtures_.size(); ++i) {
    const std::string body = dir.file("r" + std::to_string(i) + ".json");
    std::ofstream(body, std::ios::binary) << fixtures_[i].review;
    std::string& cfg = configs[i % 2];
    if (!cfg.empty()) cfg += "next\n";
    cfg += "url = \"" + s.url("/validate") + "\"\ncacert = \"" + pki.ca() +
           "\"\nheader = \"Content-Type: application/json\"\ndata-binary = \"@" + body + "\"\n";
  }
  std::vector<std::future<std::string>> runs;
  for (std::size_t k = 0; k < configs.size(); ++k) {
    const std::string path = dir.file("curl" + std::to_string(k) + ".cfg");
    std::ofstream(path) << configs[k];
    runs.push_back(
        std::async(std::launch::async, [path] { return run_command("curl -sS --max-time 300 -K " + path); }));
  }
  std::vector<int> seen(fixtures_.size(), 0);
  int agree = 0, reported = 0;
  for (auto& run : runs) {
    std::istringstream lines(run.get());
    for (std::string line; std::getline(lines, line);) {
      auto d = doc::load_json_document("answer", line);
      ASSERT_TRUE(d.has_value()) << line;
      const doc::Node* r = d->root()->get("response");
      ASSERT_NE(r, nullptr) << line;
      const std::size_t index = std::stoul(std::string(r->get("uid")->text()));
      ASSERT_LT(index, fixtures_.size());
      ++seen[index];
      const doc::Node* message = r->find("status.message");
      const std::string why = disagreement(fixtures_[index], r->get("allowed")->as_bool().value_or(false),
                                           message ? message->text() : "");
      if (why.empty())
        ++agree;
      else if (++reported < 20)
        ADD_FAILURE() << fixtures_[index].path << ": " << why;
    }
  }
  EXPECT_EQ(std::count(seen.begin(), seen.end(), 1), static_cast<long>(fixtures_.size()))
      << "one answer per fixture";
  std::printf("webhook PSA fixtures (HTTPS): %d/%zu agree\n", agree, fixtures_.size());
  EXPECT_EQ(agree, static_cast<int>(fixtures_.size()));
}

}  // namespace
}  // namespace bulwark::server::testing
