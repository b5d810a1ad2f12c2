#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "rules/pss/pod_fields.h"
#include "rules/pss/pss_check.h"
#include "rules/pss/references.h"

namespace bulwark::rules::pss {
namespace {

constexpr Reference kRefs[] = {kPssPage, kNsaCisaGuide, kMitreEscapeToHost};

constexpr RuleMeta kMeta{
    .id = "PSS-seLinuxOptions",
    .severity = Severity::High,
    .family = Family::PodSecurity,
    .title = "Custom SELinux type, user or role",
    .why =
        "On SELinux nodes the container_t label is what keeps a container away from the node's files and "
        "other containers. Choosing another type (spc_t, unconfined_t, ...) or a custom user or role can "
        "turn "
        "that confinement off entirely.",
    .fix =
        "securityContext:\n  seLinuxOptions:\n    level: \"s0:c123,c456\"   # level is fine; leave type, "
        "user "
        "and role unset",
    .references = kRefs,
};

constexpr std::array<std::string_view, 4> kTypes1_0{"", "container_t", "container_init_t", "container_kvm_t"};
constexpr std::array<std::string_view, 5> kTypes1_31{"", "container_t", "container_init_t", "container_kvm_t",
                                                     "container_engine_t"};

template <std::size_t N>
void check_options(const PodCheckRun& run, const std::array<std::string_view, N>& allowed,
                   const Setter& setter) {
  const doc::Node* options = setter.field(k8s::SecurityField::SeLinuxOptions);
  if (!options) return;
  std::vector<std::string> problems;
  const doc::Node* first = nullptr;
  std::string_view first_key;
  auto note = [&](const doc::Node* node, std::string_view key) {
    if (!first) {
      first = node;
      first_key = key;
    }
  };
  const doc::Node* type = field(options, "type");
  if (type && std::ranges::find(allowed, type->text()) == allowed.end()) {
    note(type, "type");
    problems.push_back("type " + quote(type->text()));
  }
  for (std::string_view key : {std::string_view("user"), std::string_view("role")}) {
    const doc::Node* v = field(options, key);
    if (v && !v->text().empty()) {
      note(v, key);
      problems.push_back(std::string(key) + " may not be set");
    }
  }
  if (!first) return;
  run.report(first, setter.path("securityContext.seLinuxOptions." + std::string(first_key)), "seLinuxOptions",
             fmt::format("{} set forbidden securityContext.seLinuxOptions: {}", setter.label(),
                         fmt::join(problems, "; ")));
}

template <std::size_t N>
void check_pod(const PodCheckRun& run, const std::array<std::string_view, N>& allowed) {
  const k8s::PodSpecView& pod = run.pod();
  check_options(run, allowed, pod_setter(pod));
  visit_containers(pod,
                   [&](const ContainerRef& c) { check_options(run, allowed, container_setter(pod, c)); });
}

// 1.0+: seLinuxOptions.type must be unset or a container type; user and role must be unset.
void se_linux_options_1_0(const PodCheckRun& run) {
  check_pod(run, kTypes1_0);
}
// 1.31+: container_engine_t is allowed too.
void se_linux_options_1_31(const PodCheckRun& run) {
  check_pod(run, kTypes1_31);
}

constexpr VersionedCheck kVersions[] = {{0, se_linux_options_1_0}, {31, se_linux_options_1_31}};

}  // namespace

const PssCheck kSeLinuxOptionsCheck{&kMeta, "seLinuxOptions", PssLevel::Baseline, kVersions};

}  // namespace bulwark::rules::pss
