// End-to-end: `bulwark policy test` and `bulwark scan --policy` with the cluster the scan
// describes (Namespaces for namespaceObject/namespaceSelector, RBAC for authorizer), through the
// real binary.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "../cli/command_run.h"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

using bulwark::testing::CommandRun;

CommandRun bulwark(const std::string& args, const std::string& stdin_file = "") {
  std::string cmd = std::string(BULWARK_BIN) + " " + args + " 2>&1";
  if (!stdin_file.empty()) cmd += " < " + stdin_file;
  return bulwark::testing::run_command(cmd);
}

class TempDir {
 public:
  TempDir()
      : path_(fs::temp_directory_path() /
              ("bulwark-cli-policy-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++))) {
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string write(const std::string& name, const std::string& text) const {
    fs::create_directories((path_ / name).parent_path());
    std::ofstream(path_ / name, std::ios::binary) << text;
    return (path_ / name).string();
  }
  std::string path() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

TEST(PolicyTest, TheShippedExamplePasses) {
  const CommandRun r = bulwark("policy test examples/policies");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("ID  POLICY"));
  EXPECT_THAT(r.out, HasSubstr("sa-cannot-read-secrets.example.com  Deployment shop/storefront"));
  EXPECT_THAT(r.out, HasSubstr("ConfigMap kube-system/coredns-extra  skip      skip    ok"));
  EXPECT_THAT(r.out, HasSubstr("1 test file, 5 results: 5 passed, 0 failed"));
  EXPECT_THAT(r.out, Not(HasSubstr("MISMATCH")));
}

TEST(PolicyTest, TheExampleAddsNoFindingsToTheExampleScan) {
  const CommandRun r = bulwark("scan --no-color -q examples/policies");
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST(PolicyTest, MismatchesExitOneAndSayWhy) {
  const CommandRun r = bulwark("policy test tests/cli_policy/data/failing");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(r.out, HasSubstr("Deployment default/small  pass      pass    ok"));
  EXPECT_THAT(r.out, HasSubstr("Deployment default/big    pass      fail    MISMATCH"));
  // Kubernetes' message for a validation without message: "failed expression: <expression>".
  EXPECT_THAT(r.out, HasSubstr("message: failed expression: object.spec.replicas <= 5"));
  EXPECT_THAT(r.out, HasSubstr("expected message: too many replicas"));
  EXPECT_THAT(r.out, HasSubstr("3 results: 1 passed, 2 failed"));
}

TEST(PolicyTest, CompileErrorsExitTwoWithThePolicyPosition) {
  const CommandRun r = bulwark("policy test tests/cli_policy/data/broken-policy");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_THAT(r.out,
              HasSubstr("tests/cli_policy/data/broken-policy/policy.yaml:13:17: ValidatingAdmissionPolicy "
                        "'broken.example.com': spec.validations[0].expression: compilation failed"));
}

TEST(PolicyTest, TestFileErrorsExitTwoWithTheirPosition) {
  TempDir dir;
  dir.write("p/policy.yaml",
            "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\n"
            "metadata: {name: p}\nspec:\n  matchConstraints:\n    resourceRules:\n"
            "    - {apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [pods]}\n"
            "  validations:\n  - expression: 'true'\n");
  dir.write("p/pods.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n");
  const std::string test = dir.write("p/bulwark-test.yaml",
                                     "policies: [policy.yaml]\nresources: [pods.yaml]\nresults:\n"
                                     "- policy: p\n  resources: [web, wbe]\n  result: pass\n"
                                     "- policy: p\n  resources: [web]\n  result: maybe\n");
  const CommandRun r = bulwark("policy test " + dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_THAT(r.out, HasSubstr(test + ":9:11: results: result: must be pass, fail or skip"));
  const std::string typo = dir.write("q/bulwark-test.yaml",
                                     "policies: [../p/policy.yaml]\nresources: [../p/pods.yaml]\nresults:\n"
                                     "- policy: p\n  resources: [web, wbe]\n  result: pass\n");
  const CommandRun t = bulwark("policy test " + typo);
  EXPECT_EQ(t.exit_code, 2) << t.out;
  EXPECT_THAT(t.out, HasSubstr(typo + ":5:20: results: resource \"wbe\" is not in the test's resources"));
  EXPECT_EQ(bulwark("policy test " + dir.path() + "/nothing-here").exit_code, 2);
  TempDir empty;
  EXPECT_THAT(bulwark("policy test " + empty.path()).out, HasSubstr("no bulwark-test.yaml found"));
}

// Objects first, their Namespaces and RBAC in a later file: the pre-pass still finds them.
constexpr const char* kObjects = R"(apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: payments}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: notes, namespace: scratch}
)";

constexpr const char* kCluster = R"(apiVersion: v1
kind: Namespace
metadata:
  name: payments
  labels: {tier: gold}
  annotations: {team: payments-team}
---
apiVersion: v1
kind: Namespace
metadata: {name: scratch}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: config-writer, namespace: payments}
rules:
- apiGroups: [""]
  resources: [configmaps]
  verbs: [create, update]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ci-writes-config, namespace: payments}
subjects:
- {kind: User, name: ci-bot, apiGroup: rbac.authorization.k8s.io}
roleRef: {kind: Role, name: config-writer, apiGroup: rbac.authorization.k8s.io}
)";

TEST(ScanPolicy, NamespaceObjectSelectorAndAuthorizerComeFromTheScan) {
  TempDir dir;
  const std::string objects = dir.write("a-objects.yaml", kObjects);
  dir.write("z-cluster.yaml", kCluster);
  const std::string policy = "--rules policy --policy tests/cli_policy/data/scan ";
  const CommandRun r = bulwark("scan --no-color -q " + policy + "--policy-user ci-bot " + dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  // payments: owned, ci-bot may create there; only the gold-namespace Warn policy reports.
  EXPECT_THAT(r.out,
              HasSubstr(objects + ":1:1: medium gold-namespaces.example.com/0 Validation failed for "
                                  "ValidatingAdmissionPolicy 'gold-namespaces.example.com' with binding "
                                  "'gold-namespaces-binding': gold namespace selected"));
  EXPECT_THAT(r.out, Not(HasSubstr("may not create configmaps in payments")));
  // scratch: no team annotation, no grant, not gold.
  EXPECT_THAT(r.out,
              HasSubstr(objects + ":5:1: high owned-namespaces.example.com/0 ValidatingAdmissionPolicy "
                                  "'owned-namespaces.example.com' with binding 'owned-namespaces-binding' "
                                  "denied request: namespace has no owner team"));
  EXPECT_THAT(r.out, HasSubstr("denied request: ci-bot may not create configmaps in scratch"));
  EXPECT_THAT(r.out, HasSubstr("3 findings"));

  // The default user has no grant at all.
  const CommandRun d = bulwark("scan --no-color -q " + policy + dir.path());
  EXPECT_THAT(d.out, HasSubstr("denied request: bulwark may not create configmaps in payments"));
  EXPECT_THAT(d.out, HasSubstr("4 findings"));
  // A group the user is in counts: system:masters is allowed everything.
  const CommandRun m = bulwark("scan --no-color -q " + policy +
                               "--policy-user root --policy-group system:masters " + dir.path());
  EXPECT_THAT(m.out, Not(HasSubstr("may not create")));
  EXPECT_THAT(m.out, HasSubstr("2 findings"));
}

TEST(ScanPolicy, StandardInputSeesNamespacesStreamedBeforeTheObjects) {
  TempDir dir;
  const std::string stream = dir.write("stream.yaml", std::string(kCluster) + "---\n" + kObjects);
  const CommandRun r = bulwark(
      "scan --no-color -q --rules policy --policy tests/cli_policy/data/scan "
      "--policy-user ci-bot -",
      stream);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(r.out, HasSubstr("gold namespace selected"));
  EXPECT_THAT(r.out, HasSubstr("denied request: namespace has no owner team"));
  EXPECT_THAT(r.out, Not(HasSubstr("may not create configmaps in payments")));
  EXPECT_THAT(r.out, HasSubstr("3 findings"));
}

TEST(ScanPolicy, ParamsComeFromTheScannedManifests) {
  TempDir dir;
  const std::string deployments = dir.write("deployments.yaml",
                                            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: small, "
                                            "namespace: default}\nspec: {replicas: 3}\n"
                                            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: "
                                            "big, namespace: default}\nspec: {replicas: 4}\n");
  const std::string policy = "scan --no-color -q --rules policy --policy tests/cli_policy/data/scan-params ";
  // Without the params object: the binding's parameterNotFoundAction Deny rejects both.
  CommandRun r = bulwark(policy + dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(r.out, HasSubstr("no params found for policy binding with `Deny` parameterNotFoundAction"));
  EXPECT_THAT(r.out, HasSubstr("2 findings"));
  dir.write("z-limits.yaml",
            "apiVersion: rules.example.com/v1\nkind: ReplicaLimit\nmetadata: {name: "
            "replica-limit-test.example.com, "
            "namespace: default}\nmaxReplicas: 3\n");
  r = bulwark(policy + dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(
      r.out, HasSubstr(deployments + ":6:1: high replicalimit-policy.example.com/0 ValidatingAdmissionPolicy "
                                     "'replicalimit-policy.example.com' with binding "
                                     "'replicalimit-binding-test.example.com' denied request: failed "
                                     "expression: object.spec.replicas <= params.maxReplicas"));
  EXPECT_THAT(r.out, HasSubstr("1 finding"));
}

}  // namespace
