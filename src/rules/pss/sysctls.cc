#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "rules/pss/pod_fields.h"
#include "rules/pss/pss_check.h"
#include "rules/pss/references.h"

namespace bulwark::rules::pss {
namespace {

constexpr Reference kRefs[] = {kPssPage,
                               kNsaCisaGuide,
                               {"Kubernetes: safe and unsafe sysctls",
                                "https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/"}};

constexpr RuleMeta kMeta{
    .id = "PSS-sysctls",
    .severity = Severity::High,
    .family = Family::PodSecurity,
    .title = "Unsafe sysctls",
    .why =
        "Most kernel parameters are shared by every pod on the node, or can exhaust its memory or weaken "
        "its network stack. Only a short list of sysctls is namespaced and isolated per pod; any other one "
        "lets a pod change the node under its neighbours.",
    .fix =
        "securityContext:\n  sysctls:\n  - name: net.ipv4.ip_unprivileged_port_start   # only the safe set\n"
        "    value: \"1024\"",
    .references = kRefs,
};

// The safe set grows with versions; each list includes the previous ones.
constexpr std::array<std::string_view, 5> kSafe1_0{"kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
                                                   "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
                                                   "net.ipv4.ip_unprivileged_port_start"};
constexpr std::array<std::string_view, 1> kAdded1_27{"net.ipv4.ip_local_reserved_ports"};
constexpr std::array<std::string_view, 4> kAdded1_29{
    "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes"};
constexpr std::array<std::string_view, 2> kAdded1_32{"net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"};
constexpr std::array<std::string_view, 2> kAdded1_37{"net.ipv4.tcp_slow_start_after_idle",
                                                     "net.ipv4.tcp_notsent_lowat"};

template <std::size_t N>
bool in(const std::array<std::string_view, N>& list, std::string_view name) {
  return std::ranges::find(list, name) != list.end();
}

bool safe(std::string_view name, int generation) {
  return in(kSafe1_0, name) || (generation >= 1 && in(kAdded1_27, name)) ||
         (generation >= 2 && in(kAdded1_29, name)) || (generation >= 3 && in(kAdded1_32, name)) ||
         (generation >= 4 && in(kAdded1_37, name));
}

// spec.securityContext.sysctls[*].name must be in the safe set of the version (sysctls exist
// only at the pod level).
void check(const PodCheckRun& run, int generation) {
  const doc::Node* sysctls = pod_security_field(run.pod(), k8s::SecurityField::Sysctls);
  if (!sysctls || !sysctls->is_sequence()) return;
  std::size_t index = 0;
  for (const doc::Node* sysctl : sysctls->items()) {
    const doc::Node* name = field(sysctl, "name");
    std::string_view text = name ? name->text() : std::string_view{};
    if (!safe(text, generation))
      run.report(
          name ? name : sysctl,
          run.pod().field_path(fmt::format("securityContext.sysctls[{}]{}", index, name ? ".name" : "")),
          "forbidden sysctls", text);
    ++index;
  }
}

void sysctls_1_0(const PodCheckRun& run) {
  check(run, 0);
}
void sysctls_1_27(const PodCheckRun& run) {
  check(run, 1);
}
void sysctls_1_29(const PodCheckRun& run) {
  check(run, 2);
}
void sysctls_1_32(const PodCheckRun& run) {
  check(run, 3);
}
void sysctls_1_37(const PodCheckRun& run) {
  check(run, 4);
}

constexpr VersionedCheck kVersions[] = {
    {0, sysctls_1_0}, {27, sysctls_1_27}, {29, sysctls_1_29}, {32, sysctls_1_32}, {37, sysctls_1_37}};

}  // namespace

const PssCheck kSysctlsCheck{&kMeta, "sysctls", PssLevel::Baseline, kVersions};

}  // namespace bulwark::rules::pss
