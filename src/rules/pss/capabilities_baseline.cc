#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "rules/pss/pod_fields.h"
#include "rules/pss/pss_check.h"
#include "rules/pss/references.h"

namespace bulwark::rules::pss {
namespace {

constexpr Reference kRefs[] = {kPssPage, kCisBenchmark, kNsaCisaGuide, kLinuxCapabilities,
                               kMitreEscapeToHost};

constexpr RuleMeta kMeta{
    .id = "PSS-capabilities_baseline",
    .severity = Severity::High,
    .family = Family::PodSecurity,
    .title = "Capabilities beyond the container runtime's default set",
    .why =
        "Linux capabilities are slices of root's power. Adding ones outside the runtime's default set, such "
        "as SYS_ADMIN, NET_ADMIN, SYS_PTRACE or NET_RAW, gives the container powers that are routinely used "
        "to escape to the node, spy on other processes or spoof network traffic.",
    .fix =
        "securityContext:\n  capabilities:\n    drop: [\"ALL\"]\n    add: [\"NET_BIND_SERVICE\"]   # only "
        "what "
        "the process needs",
    .references = kRefs,
};

// The container runtime's default capability set, as PSA's capabilities_allowed_1_0.
constexpr std::array<std::string_view, 13> kAllowed{
    "AUDIT_WRITE",      "CHOWN",   "DAC_OVERRIDE", "FOWNER",  "FSETID", "KILL",      "MKNOD",
    "NET_BIND_SERVICE", "SETFCAP", "SETGID",       "SETPCAP", "SETUID", "SYS_CHROOT"};

// 1.0+: securityContext.capabilities.add may only hold the default set.
void capabilities_baseline_1_0(const PodCheckRun& run) {
  visit_containers(run.pod(), [&](const ContainerRef& c) {
    const doc::Node* add = field(c.security_field(k8s::SecurityField::Capabilities), "add");
    if (!add || !add->is_sequence()) return;
    std::vector<std::string> bad;
    const doc::Node* first = nullptr;
    std::size_t first_index = 0, index = 0;
    for (const doc::Node* cap : add->items()) {
      std::string_view name = cap->text();
      if (std::ranges::find(kAllowed, name) == kAllowed.end()) {
        if (!first) {
          first = cap;
          first_index = index;
        }
        std::string q = quote(name);
        if (std::ranges::find(bad, q) == bad.end()) bad.push_back(std::move(q));
      }
      ++index;
    }
    if (!first) return;
    std::ranges::sort(bad);
    run.report(first,
               container_path(run.pod(), c, fmt::format("securityContext.capabilities.add[{}]", first_index)),
               "non-default capabilities",
               fmt::format("{} must not include {} in securityContext.capabilities.add", container_label(c),
                           fmt::join(bad, ", ")));
  });
}

constexpr VersionedCheck kVersions[] = {{0, capabilities_baseline_1_0}};

}  // namespace

const PssCheck kCapabilitiesBaselineCheck{&kMeta, "capabilities_baseline", PssLevel::Baseline, kVersions};

}  // namespace bulwark::rules::pss
