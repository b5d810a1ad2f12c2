#include <fmt/format.h>

#include "rules/pss/pod_fields.h"
#include "rules/pss/pss_check.h"
#include "rules/pss/references.h"

namespace bulwark::rules::pss {
namespace {

constexpr Reference kRefs[] = {kPssPage, kCisBenchmark, kNsaCisaGuide};

constexpr RuleMeta kMeta{
    .id = "PSS-hostPorts",
    .severity = Severity::Medium,
    .family = Family::PodSecurity,
    .title = "Host ports",
    .why =
        "A hostPort opens a port on the node's own address, bypassing the Service and usually the "
        "NetworkPolicies that protect the pod: anything that can reach the node can reach the container. "
        "It also pins the pod to nodes where the port is free.",
    .fix = "ports:\n- containerPort: 8080   # no hostPort; expose it through a Service",
    .references = kRefs,
};

// 1.0+: containers must not set ports[*].hostPort (0 means unset).
void host_ports_1_0(const PodCheckRun& run) {
  visit_containers(run.pod(), [&](const ContainerRef& c) {
    const doc::Node* ports = c.field(k8s::ContainerField::Ports);
    if (!ports || !ports->is_sequence()) return;
    std::vector<std::string> bad;
    const doc::Node* first = nullptr;
    std::size_t first_index = 0, index = 0;
    for (const doc::Node* port : ports->items()) {
      const doc::Node* host_port = field(port, "hostPort");
      if (host_port && host_port->as_int().value_or(0) != 0) {
        if (!first) {
          first = host_port;
          first_index = index;
        }
        bad.push_back(std::to_string(*host_port->as_int()));  // as Go prints it, however written
      }
      ++index;
    }
    if (!first) return;
    run.report(first, container_path(run.pod(), c, fmt::format("ports[{}].hostPort", first_index)),
               "hostPort",
               fmt::format("{} uses {} {}", container_label(c), bad.size() == 1 ? "hostPort" : "hostPorts",
                           fmt::join(bad, ", ")));
  });
}

constexpr VersionedCheck kVersions[] = {{0, host_ports_1_0}};

}  // namespace

const PssCheck kHostPortsCheck{&kMeta, "hostPorts", PssLevel::Baseline, kVersions};

}  // namespace bulwark::rules::pss
