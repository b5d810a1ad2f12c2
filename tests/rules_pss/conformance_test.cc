// Pod Security Admission conformance: every fixture of ../shared/corpus/psa at its level and
// version, as a Pod and wrapped in a Deployment. Expectations come from the corpus (its paths and
// README), not from bulwark.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "pss_test_support.h"

namespace bulwark::rules::pss::testing {
namespace {

namespace fs = std::filesystem;

// The corpus README's table: the phrase PSA's error must contain for each check.
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

// The README's overrides at the restricted level: baseline check -> (restricted check, from minor).
struct Override {
  std::string by;
  int from_minor;
};
const std::map<std::string, Override, std::less<>> kOverrides{
    {"capabilities_baseline", {"capabilities_restricted", 22}},
    {"seccompProfile_baseline", {"seccompProfile_restricted", 19}},
    {"procMount", {"procMount_restricted", 35}},
    {"hostPathVolumes", {"restrictedVolumes", 0}},
};

struct Row {
  std::string path, level, version, expected, check;
};

std::vector<Row> read_expectations(const fs::path& tsv) {
  std::vector<Row> rows;
  std::ifstream in(tsv);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    Row r;
    std::getline(fields, r.path, '\t');
    std::getline(fields, r.level, '\t');
    std::getline(fields, r.version, '\t');
    std::getline(fields, r.expected, '\t');
    std::getline(fields, r.check, '\t');
    if (!r.path.empty()) rows.push_back(std::move(r));
  }
  return rows;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The fixture's pod moved into a Deployment's template: metadata and spec indented under
// spec.template, apiVersion and kind replaced.
std::string as_deployment(const std::string& pod) {
  std::string out =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: wrapped\nspec:\n  selector:\n    "
      "matchLabels:\n"
      "      app: wrapped\n  template:\n";
  std::istringstream lines(pod);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.starts_with("apiVersion:") || line.starts_with("kind:")) continue;
    out += "    " + line + "\n";
  }
  return out;
}

int minor_of(std::string_view version) {
  return std::stoi(std::string(version.substr(3)));
}

// Empty when bulwark agrees with PSA on this fixture; otherwise why not.
std::string disagreement(const Row& row, const std::string& text) {
  LoadedManifest m = load(text, row.path);
  if (!m.error.empty() || m.objects.size() != 1) return "did not load as one object: " + m.error;
  PssLevel level = *parse_pss_level(row.level);
  std::vector<Finding> findings = pss_findings(m, context(level, row.version));
  if (row.expected == "pass") {
    if (findings.empty()) return {};
    return "expected no finding, got " + std::string(findings[0].rule->id) + ": " + findings[0].message;
  }
  std::string check = row.check;
  if (auto o = kOverrides.find(check);
      o != kOverrides.end() && level == PssLevel::Restricted && minor_of(row.version) >= o->second.from_minor)
    check = o->second.by;
  const std::string& phrase = kPhrase.at(row.check);
  if (findings.empty()) return "expected PSS-" + check + ", got no finding";
  // Some fixtures violate a second check on purpose (a HostProcess pod needs hostNetwork), so the
  // expected finding must be among them, not alone.
  for (const Finding& f : findings)
    if (f.rule->id == "PSS-" + check && f.message.find(phrase) != std::string::npos) return {};
  return "expected PSS-" + check + " with \"" + phrase + "\", got " + std::string(findings[0].rule->id) +
         ": " + findings[0].message;
}

struct Tally {
  int agree = 0;
  int total = 0;
  std::vector<std::string> failures;
};

void run_corpus(bool wrap, Tally& tally) {
  const fs::path root = fs::path(BULWARK_SOURCE_DIR) / ".." / "shared" / "corpus" / "psa";
  for (const Row& row : read_expectations(root / "expectations.tsv")) {
    std::string text = read_file(root / row.path);
    if (wrap) text = as_deployment(text);
    std::string why = disagreement(row, text);
    ++tally.total;
    if (why.empty())
      ++tally.agree;
    else if (tally.failures.size() < 25)
      tally.failures.push_back(row.path + ": " + why);
  }
}

bool corpus_present() {
  return fs::exists(fs::path(BULWARK_SOURCE_DIR) / ".." / "shared" / "corpus" / "psa" / "expectations.tsv");
}

TEST(PsaConformance, EveryFixtureAgreesWithPodSecurityAdmission) {
  if (!corpus_present()) GTEST_SKIP() << "../shared/corpus/psa is absent: PSA conformance not run";
  Tally tally;
  run_corpus(false, tally);
  std::printf("PSA conformance (pods): %d/%d fixtures agree\n", tally.agree, tally.total);
  for (const std::string& f : tally.failures) ADD_FAILURE() << f;
  EXPECT_EQ(tally.agree, tally.total);
  EXPECT_EQ(tally.total, 4537);
}

TEST(PsaConformance, FixturesWrappedAsDeploymentsGiveTheSameResults) {
  if (!corpus_present()) GTEST_SKIP() << "../shared/corpus/psa is absent: PSA conformance not run";
  Tally tally;
  run_corpus(true, tally);
  std::printf("PSA conformance (Deployments): %d/%d fixtures agree\n", tally.agree, tally.total);
  for (const std::string& f : tally.failures) ADD_FAILURE() << f;
  EXPECT_EQ(tally.agree, tally.total);
}

}  // namespace
}  // namespace bulwark::rules::pss::testing
