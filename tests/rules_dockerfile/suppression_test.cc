// Inline suppression, as the issue specifies: `# bulwark:ignore <id> -- <reason>` on the line above an
// instruction.
#include <gtest/gtest.h>

#include "rules/dockerfile/dockerfile_rule.h"

namespace bulwark::rules::dockerfile {
namespace {

std::size_t count(std::string_view id, std::string_view text) {
  std::size_t n = 0;
  for (const Finding& f : check_dockerfile("Dockerfile", text))
    if (f.rule->id == id) ++n;
  return n;
}

struct SuppressionCase {
  const char* name;
  const char* text;
  std::size_t sudo_findings;
};

class SuppressionTable : public testing::TestWithParam<SuppressionCase> {};

TEST_P(SuppressionTable, HonoursTheCommentAbove) {
  EXPECT_EQ(count("DF-sudo", GetParam().text), GetParam().sudo_findings) << GetParam().name;
}

INSTANTIATE_TEST_SUITE_P(
    Inline, SuppressionTable,
    testing::Values(
        SuppressionCase{"no comment", "FROM a:1\nRUN sudo x\n", 1},
        SuppressionCase{"line above", "FROM a:1\n# bulwark:ignore DF-sudo -- test image\nRUN sudo x\n", 0},
        SuppressionCase{"no reason", "FROM a:1\n# bulwark:ignore DF-sudo\nRUN sudo x\n", 0},
        SuppressionCase{"several ids", "FROM a:1\n# bulwark:ignore DF-cd-in-run, DF-sudo -- ok\nRUN sudo x\n",
                        0},
        SuppressionCase{"other id", "FROM a:1\n# bulwark:ignore DF-cd-in-run -- ok\nRUN sudo x\n", 1},
        SuppressionCase{"id only in the reason",
                        "FROM a:1\n# bulwark:ignore DF-cd-in-run -- not DF-sudo\nRUN sudo x\n", 1},
        SuppressionCase{"comment block above",
                        "FROM a:1\n# bulwark:ignore DF-sudo -- ok\n# installs the tools\nRUN sudo x\n", 0},
        SuppressionCase{"blank line between", "FROM a:1\n# bulwark:ignore DF-sudo -- ok\n\nRUN sudo x\n", 1},
        SuppressionCase{"finding on a continuation line",
                        "FROM a:1\n# bulwark:ignore DF-sudo -- ok\nRUN set -e; \\\n    sudo x\n", 0},
        SuppressionCase{"comment inside the continuation",
                        "FROM a:1\nRUN set -e; \\\n# bulwark:ignore DF-sudo -- ok\n    sudo x\n", 0},
        SuppressionCase{"applies to one instruction only",
                        "FROM a:1\n# bulwark:ignore DF-sudo -- ok\nRUN sudo x\nRUN sudo y\n", 1}));

TEST(Suppression, StageLevelFindingsAreSuppressedAboveFrom) {
  EXPECT_EQ(count("DF-root-user", "FROM alpine:3\n"), 1u);
  EXPECT_EQ(
      count("DF-root-user", "# bulwark:ignore DF-root-user -- init container needs root\nFROM alpine:3\n"),
      0u);
}

// The engine passes only the rules the user enabled; the others must not run, while snippets are still
// masked with every credential in the file and inline suppressions still apply.
TEST(RuleSubset, RunsOnlyTheGivenRulesAndStillMasksAndSuppresses) {
  const char* text =
      "FROM a:1\n"
      "RUN echo AKIAZ3MHALQ4XK7PBN2D > /k && sudo x\n"
      "# bulwark:ignore DF-sudo -- ok\n"
      "RUN sudo y\n";
  const df::Dockerfile file = df::parse(text);
  const DockerfileContext context("Dockerfile", text, file);
  std::vector<DockerfileRule> only_sudo;
  for (const DockerfileRule& r : dockerfile_rules())
    if (r.meta->id == "DF-sudo") only_sudo.push_back(r);
  ASSERT_EQ(only_sudo.size(), 1u);
  const std::vector<Finding> findings = check_dockerfile(context, only_sudo);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule->id, "DF-sudo");
  EXPECT_EQ(findings[0].location.range.begin.line, 2u);
  EXPECT_EQ(findings[0].location.snippet.find("AKIAZ3MHALQ4XK7PBN2D"), std::string::npos);
}

}  // namespace
}  // namespace bulwark::rules::dockerfile
