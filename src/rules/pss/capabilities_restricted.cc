#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "rules/pss/pod_fields.h"
#include "rules/pss/pss_check.h"
#include "rules/pss/references.h"

namespace bulwark::rules::pss {
namespace {

constexpr Reference kRefs[] = {kPssPage, kCisBenchmark, kNsaCisaGuide, kLinuxCapabilities};

constexpr RuleMeta kMeta{
    .id = "PSS-capabilities_restricted",
    .severity = Severity::Medium,
    .family = Family::PodSecurity,
    .title = "Capabilities not dropped",
    .why =
        "Even the runtime's default capabilities (NET_RAW, CHOWN, DAC_OVERRIDE, SETUID, ...) are powers most "
        "applications never use; NET_RAW alone lets a container spoof packets on the node's network. "
        "Dropping "
        "ALL and adding back only NET_BIND_SERVICE, if the process binds a port below 1024, leaves an "
        "attacker nothing to abuse.",
    .fix =
        "securityContext:\n  capabilities:\n    drop: [\"ALL\"]\n    add: [\"NET_BIND_SERVICE\"]   # only if "
        "needed",
    .references = kRefs,
};

constexpr std::string_view kReason = "unrestricted capabilities";
constexpr std::array<std::string_view, 2> kCapabilitiesPath{"securityContext", "capabilities"};

// 1.22+: every container must drop ALL and may add only NET_BIND_SERVICE.
void capabilities_restricted_1_22(const PodCheckRun& run) {
  const k8s::PodSpecView& pod = run.pod();
  visit_containers(pod, [&](const ContainerRef& c) {
    const doc::Node* capabilities = c.security_field(k8s::SecurityField::Capabilities);
    const doc::Node* drop = field(capabilities, "drop");
    bool dropped_all = false;
    if (drop && drop->is_sequence())
      for (const doc::Node* cap : drop->items()) dropped_all |= cap->text() == "ALL";
    const doc::Node* add = field(capabilities, "add");
    std::vector<std::string> forbidden;
    const doc::Node* first_add = nullptr;
    std::size_t first_index = 0, index = 0;
    if (add && add->is_sequence())
      for (const doc::Node* cap : add->items()) {
        if (cap->text() != "NET_BIND_SERVICE") {
          if (!first_add) {
            first_add = cap;
            first_index = index;
          }
          std::string q = quote(cap->text());
          if (std::ranges::find(forbidden, q) == forbidden.end()) forbidden.push_back(std::move(q));
        }
        ++index;
      }
    if (dropped_all && !first_add) return;
    std::vector<std::string> details;
    if (!dropped_all)
      details.push_back(container_label(c) + " must set securityContext.capabilities.drop=[\"ALL\"]");
    if (first_add) {
      std::ranges::sort(forbidden);
      details.push_back(fmt::format("{} must not include {} in securityContext.capabilities.add",
                                    container_label(c), fmt::join(forbidden, ", ")));
    }
    const doc::Node* node = first_add ? first_add : drop ? drop : deepest(c.node, kCapabilitiesPath);
    std::string path = first_add ? fmt::format("securityContext.capabilities.add[{}]", first_index)
                                 : std::string("securityContext.capabilities.drop");
    run.report(node, container_path(pod, c, path), kReason, fmt::format("{}", fmt::join(details, "; ")));
  });
}

// 1.25+: Windows pods are exempt.
void capabilities_restricted_1_25(const PodCheckRun& run) {
  if (is_windows_pod(run.pod())) return;
  capabilities_restricted_1_22(run);
}

constexpr std::string_view kOverrides[] = {"capabilities_baseline"};
constexpr VersionedCheck kVersions[] = {{22, capabilities_restricted_1_22, kOverrides},
                                        {25, capabilities_restricted_1_25, kOverrides}};

}  // namespace

const PssCheck kCapabilitiesRestrictedCheck{&kMeta, "capabilities_restricted", PssLevel::Restricted,
                                            kVersions};

}  // namespace bulwark::rules::pss
