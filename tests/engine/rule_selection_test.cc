#include <gtest/gtest.h>

#include "engine/scan_options.h"

namespace bulwark::engine {
namespace {

const rules::RuleMeta kPss{.id = "PSS-privileged",
                           .severity = rules::Severity::High,
                           .family = rules::Family::PodSecurity,
                           .title = "",
                           .why = "",
                           .fix = "",
                           .references = {}};
const rules::RuleMeta kOptIn{.id = "BW-opt-in",
                             .family = rules::Family::Workload,
                             .title = "",
                             .why = "",
                             .fix = "",
                             .references = {},
                             .enabled_by_default = false};

TEST(RuleSelection, DefaultsOnlyOrSkipByIdOrFamily) {
  RuleSelection s;
  EXPECT_TRUE(s.is_enabled(kPss));
  EXPECT_FALSE(s.is_enabled(kOptIn));
  s.only = {"workload"};
  EXPECT_FALSE(s.is_enabled(kPss));
  EXPECT_TRUE(s.is_enabled(kOptIn));  // naming a family enables its opt-in rules
  s.only.clear();
  s.skip = {"pod-security"};
  EXPECT_FALSE(s.is_enabled(kPss));
  s.skip = {"PSS-privileged"};
  EXPECT_FALSE(s.is_enabled(kPss));
}

TEST(RuleSelection, SeverityOverrides) {
  RuleSelection s;
  EXPECT_EQ(s.severity_of(kPss), rules::Severity::High);
  s.severity_overrides["PSS-privileged"] = rules::Severity::Low;
  EXPECT_EQ(s.severity_of(kPss), rules::Severity::Low);
}

}  // namespace
}  // namespace bulwark::engine
