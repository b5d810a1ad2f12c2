#include <fmt/format.h>

#include "rules/pss/pod_fields.h"
#include "rules/pss/pss_check.h"
#include "rules/pss/references.h"

namespace bulwark::rules::pss {
namespace {

constexpr Reference kRefs[] = {kPssPage, kNsaCisaGuide, kMitreEscapeToHost};

constexpr RuleMeta kMeta{
    .id = "PSS-appArmorProfile",
    .severity = Severity::High,
    .family = Family::PodSecurity,
    .title = "AppArmor profile disabled or overridden",
    .why =
        "The runtime's default AppArmor profile blocks the mounts, kernel interfaces and /proc writes that "
        "most container escapes rely on. Setting the profile to Unconfined (or to anything but the runtime "
        "default or a profile installed on the node) removes that safety net for the whole container.",
    .fix =
        "securityContext:\n  appArmorProfile:\n    type: RuntimeDefault   # or Localhost with "
        "localhostProfile",
    .references = kRefs,
};

constexpr std::string_view kAnnotationPrefix = "container.apparmor.security.beta.kubernetes.io/";
constexpr std::string_view kReason = "forbidden AppArmor profile";

bool allowed_type(std::string_view type) {
  return type == "RuntimeDefault" || type == "Localhost";
}

bool allowed_annotation(std::string_view value) {
  return value.empty() || value == "runtime/default" || value.starts_with("localhost/");
}

// Reports securityContext.appArmorProfile when its type is not RuntimeDefault or Localhost.
void check_field(const PodCheckRun& run, const Setter& setter) {
  const doc::Node* profile = setter.field(k8s::SecurityField::AppArmorProfile);
  if (!profile) return;
  const doc::Node* type = field(profile, "type");
  std::string_view value = type ? type->text() : std::string_view{};
  if (allowed_type(value)) return;
  run.report(type ? type : profile,
             setter.path(type ? "securityContext.appArmorProfile.type" : "securityContext.appArmorProfile"),
             kReason,
             fmt::format("{} must not set AppArmor profile type to {}", setter.label(), quote(value)));
}

// 1.0+ (amended in place upstream, so every version): the appArmorProfile fields of the pod and
// its containers, and the beta annotations, must name the runtime default or a localhost profile.
void app_armor_profile_1_0(const PodCheckRun& run) {
  const k8s::PodSpecView& pod = run.pod();
  check_field(run, pod_setter(pod));
  visit_containers(pod, [&](const ContainerRef& c) { check_field(run, container_setter(pod, c)); });
  const doc::Node* annotations = pod_annotations(pod);
  if (!annotations || !annotations->is_mapping()) return;
  for (const doc::MapEntry& e : annotations->entries()) {
    if (!e.name.starts_with(kAnnotationPrefix) || !e.value) continue;
    std::string_view value = e.value->is_null() ? std::string_view{} : e.value->text();
    if (allowed_annotation(value)) continue;
    run.report(e.value, annotation_path(pod, e.name), kReason,
               fmt::format("annotation {}={}", e.name, quote(value)));
  }
}

constexpr VersionedCheck kVersions[] = {{0, app_armor_profile_1_0}};

}  // namespace

const PssCheck kAppArmorProfileCheck{&kMeta, "appArmorProfile", PssLevel::Baseline, kVersions};

}  // namespace bulwark::rules::pss
