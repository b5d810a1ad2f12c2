// Golden files: each tests/fix/golden/NAME.in.yaml must become NAME.out.yaml byte for byte
// (the expected files are written by hand from what a careful person would change), and fixing
// the output again must change nothing.
#include <gtest/gtest.h>

#include <functional>

#include "fix/unified_diff.h"
#include "fix_test_support.h"

namespace bulwark::fix {
namespace {

using testing::default_options;
using testing::read_file;
using testing::source_dir;

struct GoldenCase {
  const char* name;
  std::function<void(FileFixOptions&)> configure;
  bool expect_change = true;
};

constexpr const char* kPins =
    "# pins for the golden test\n"
    "nginx:latest sha256:0000000000000000000000000000000000000000000000000000000000000001\n"
    "registry.example.com/proxy = sha256:0000000000000000000000000000000000000000000000000000000000000002\n";

void PrintTo(const GoldenCase& c, std::ostream* os) {
  *os << c.name;
}

class Golden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(Golden, FixesToExpectedTextAndIsAFixedPoint) {
  const GoldenCase& c = GetParam();
  const auto dir = source_dir() / "tests/fix/golden";
  const std::string input = read_file(dir / (std::string(c.name) + ".in.yaml"));
  const std::string expected = read_file(dir / (std::string(c.name) + ".out.yaml"));
  ASSERT_FALSE(input.empty()) << c.name;
  FileFixOptions options = default_options();
  if (c.configure) c.configure(options);
  const FileFixResult result = fix_text(c.name, input, options);
  EXPECT_EQ(result.text, expected) << unified_diff(c.name, expected, result.text);
  EXPECT_EQ(result.changed, c.expect_change);
  if (!c.expect_change) {
    EXPECT_FALSE(result.notices.empty()) << "an untouched file is reported";
  }
  const FileFixResult again = fix_text(c.name, result.text, options);
  EXPECT_EQ(again.text, result.text) << "fix twice changes nothing";
  EXPECT_TRUE(again.applied.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Files, Golden,
    ::testing::Values(GoldenCase{"comments_between_keys", {}}, GoldenCase{"flow_and_block", {}},
                      GoldenCase{"quoted_keys", {}}, GoldenCase{"multi_document", {}}, GoldenCase{"list", {}},
                      GoldenCase{"crlf", {}}, GoldenCase{"four_space", {}},
                      GoldenCase{"partial_security_context", {}}, GoldenCase{"anchors", {}},
                      GoldenCase{"null_security_context", {}}, GoldenCase{"helm_template", {}, false},
                      GoldenCase{"flow_with_comments", {}, false},
                      GoldenCase{"read_only_root",
                                 [](FileFixOptions& o) { o.settings.selection.read_only_root = true; }},
                      GoldenCase{"image_digest",
                                 [](FileFixOptions& o) {
                                   o.settings.pins = *DigestPins::parse(kPins);
                                   o.settings.selection.pin_digests = true;
                                 }}),
    [](const ::testing::TestParamInfo<GoldenCase>& param) { return std::string(param.param.name); });

TEST(GoldenReports, PartialSecurityContextLeavesTheAddedCapabilityToTheUser) {
  const std::string input = read_file(source_dir() / "tests/fix/golden/partial_security_context.in.yaml");
  const FileFixResult result = fix_text("partial", input, default_options());
  bool sys_admin_reported = false;
  for (const UnfixedFinding& u : result.unfixed)
    if (u.rule_id == "PSS-capabilities_restricted" && u.field_path.find("containers[1]") != std::string::npos)
      sys_admin_reported = true;
  EXPECT_TRUE(sys_admin_reported) << "SYS_ADMIN needs a choice: reported, not removed";
}

TEST(GoldenReports, RulesAndSkipChooseTheFixes) {
  const std::string input = read_file(source_dir() / "tests/fix/golden/partial_security_context.in.yaml");
  FileFixOptions only = default_options();
  only.settings.selection.only = {"privileged"};
  const FileFixResult a = fix_text("partial", input, only);
  ASSERT_TRUE(a.changed);
  EXPECT_NE(a.text.find("privileged: false"), std::string::npos);
  EXPECT_NE(a.text.find("type: Unconfined"), std::string::npos) << "seccomp was not selected";
  FileFixOptions skip = default_options();
  skip.settings.selection.skip = {"PSS-seccompProfile_restricted", "privileged"};
  const FileFixResult b = fix_text("partial", input, skip);
  EXPECT_NE(b.text.find("privileged: true"), std::string::npos);
  EXPECT_NE(b.text.find("type: Unconfined"), std::string::npos);
  EXPECT_NE(b.text.find("allowPrivilegeEscalation: false"), std::string::npos);
}

TEST(GoldenReports, JsonIsLeftUntouchedAndReported) {
  const std::string json = R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},
    "spec":{"containers":[{"name":"a","image":"x:1","securityContext":{"privileged":true}}]}})";
  const FileFixResult r = fix_text("pod.json", json, default_options());
  EXPECT_FALSE(r.changed);
  EXPECT_EQ(r.text, json);
  ASSERT_EQ(r.notices.size(), 1u);
  EXPECT_NE(r.notices[0].find("JSON"), std::string::npos);
}

TEST(GoldenReports, HelmTemplateIsNamedInTheNotice) {
  const std::string input = read_file(source_dir() / "tests/fix/golden/helm_template.in.yaml");
  const FileFixResult r = fix_text("deployment.yaml", input, default_options());
  ASSERT_EQ(r.notices.size(), 1u);
  EXPECT_NE(r.notices[0].find("Helm"), std::string::npos);
}

}  // namespace
}  // namespace bulwark::fix
