#include "rules/pss/pss_check.h"
#include "rules/pss/references.h"

namespace bulwark::rules::pss {
namespace {

constexpr Reference kRefs[] = {kPssPage, kNsaCisaGuide, kUserNamespaces, kMitreEscapeToHost};

constexpr RuleMeta kMeta{
    .id = "PSS-procMount_restricted",
    .severity = Severity::High,
    .family = Family::PodSecurity,
    .title = "Unmasked /proc (restricted: even in a user namespace)",
    .why =
        "The runtime hides sensitive parts of /proc (kernel memory, sysrq, interrupt settings) from "
        "containers. procMount: Unmasked exposes them. The restricted level keeps /proc masked even for pods "
        "that run in their own user namespace.",
    .fix = "securityContext:\n  procMount: Default   # or leave it out",
    .references = kRefs,
};

constexpr std::string_view kOverrides[] = {"procMount"};
// 1.35+: the unconditional 1.0 rule, replacing baseline's relaxed one at the restricted level.
constexpr VersionedCheck kVersions[] = {{35, proc_mount_unconditional, kOverrides}};

}  // namespace

const PssCheck kProcMountRestrictedCheck{&kMeta, "procMount_restricted", PssLevel::Restricted, kVersions};

}  // namespace bulwark::rules::pss
