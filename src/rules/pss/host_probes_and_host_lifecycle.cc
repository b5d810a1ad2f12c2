#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "rules/pss/pod_fields.h"
#include "rules/pss/pss_check.h"
#include "rules/pss/references.h"

namespace bulwark::rules::pss {
namespace {

constexpr Reference kRefs[] = {kPssPage, kNsaCisaGuide};

constexpr RuleMeta kMeta{
    .id = "PSS-hostProbesAndHostLifecycle",
    .severity = Severity::Medium,
    .family = Family::PodSecurity,
    .title = "Probe or lifecycle handler with a host",
    .why =
        "The kubelet runs probes and lifecycle hooks from the node. Setting `host` makes the node's kubelet "
        "connect wherever the manifest says, including addresses only the node can reach (cloud metadata, "
        "localhost services): a server-side request forgery with the node's network position.",
    .fix =
        "livenessProbe:\n  httpGet:\n    path: /healthz\n    port: 8080   # no host: the kubelet probes the "
        "pod's own IP",
    .references = kRefs,
};

// The handlers that may name a host, and the kinds of handler that take one, in PSA's order
// (livenessProbe.httpGet.host, livenessProbe.tcpSocket.host, readinessProbe.httpGet.host, ...).
constexpr std::array<std::string_view, 5> kHandlers{"livenessProbe", "readinessProbe", "startupProbe",
                                                    "lifecycle.postStart", "lifecycle.preStop"};
constexpr std::array<std::string_view, 2> kHostKinds{"httpGet", "tcpSocket"};

// 1.34+: probes (httpGet, tcpSocket) and lifecycle handlers must not set a host.
void host_probes_1_34(const PodCheckRun& run) {
  visit_containers(run.pod(), [&](const ContainerRef& c) {
    std::vector<std::string> hosts;
    const doc::Node* first = nullptr;
    std::string_view first_handler, first_kind;
    // Each handler looked up once for both kinds, and lifecycle once for both of its handlers:
    // this check runs on every container.
    const doc::Node* lifecycle = c.field(k8s::ContainerField::Lifecycle);
    const std::array<const doc::Node*, kHandlers.size()> handlers{
        c.field(k8s::ContainerField::LivenessProbe), c.field(k8s::ContainerField::ReadinessProbe),
        c.field(k8s::ContainerField::StartupProbe), field(lifecycle, "postStart"),
        field(lifecycle, "preStop")};
    for (std::size_t h = 0; h < kHandlers.size(); ++h) {
      const std::string_view handler_path = kHandlers[h];
      const doc::Node* handler = handlers[h];
      if (!handler) continue;
      for (std::string_view kind : kHostKinds) {
        const doc::Node* host = field(field(handler, kind), "host");
        if (!host || host->as_string().value_or("").empty()) continue;
        if (!first) {
          first = host;
          first_handler = handler_path;
          first_kind = kind;
        }
        std::string q = quote(*host->as_string());
        if (std::find(hosts.begin(), hosts.end(), q) == hosts.end()) hosts.push_back(std::move(q));
      }
    }
    if (!first) return;
    std::sort(hosts.begin(), hosts.end());
    run.report(first, container_path(run.pod(), c, fmt::format("{}.{}.host", first_handler, first_kind)),
               "probe or lifecycle host",
               fmt::format("{} uses {} {}", container_label(c),
                           hosts.size() == 1 ? "probe or lifecycle host" : "probe or lifecycle hosts",
                           fmt::join(hosts, ", ")));
  });
}

constexpr VersionedCheck kVersions[] = {{34, host_probes_1_34}};

}  // namespace

const PssCheck kHostProbesAndHostLifecycleCheck{&kMeta, "hostProbesAndHostLifecycle", PssLevel::Baseline,
                                                kVersions};

}  // namespace bulwark::rules::pss
