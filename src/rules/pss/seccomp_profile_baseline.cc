#include <fmt/format.h>

#include "rules/pss/pod_fields.h"
#include "rules/pss/pss_check.h"
#include "rules/pss/references.h"

namespace bulwark::rules::pss {
namespace {

constexpr Reference kRefs[] = {kPssPage, kCisBenchmark, kNsaCisaGuide, kMitreEscapeToHost};

constexpr RuleMeta kMeta{
    .id = "PSS-seccompProfile_baseline",
    .severity = Severity::High,
    .family = Family::PodSecurity,
    .title = "Seccomp disabled (Unconfined)",
    .why =
        "Seccomp filters the system calls a container may make. The runtime's default profile blocks "
        "dozens of rarely needed calls behind many kernel exploits and container escapes; Unconfined "
        "switches that filter off.",
    .fix =
        "securityContext:\n  seccompProfile:\n    type: RuntimeDefault   # or Localhost with "
        "localhostProfile",
    .references = kRefs,
};

constexpr std::string_view kPodAnnotation = "seccomp.security.alpha.kubernetes.io/pod";
constexpr std::string_view kContainerAnnotationPrefix = "container.seccomp.security.alpha.kubernetes.io/";

// The legacy annotation's allowed values: the runtime default (under both of its names) or a
// profile on the node; anything else, "unconfined" and "" included, is forbidden.
bool valid_annotation(std::string_view value) {
  return value == "runtime/default" || value == "docker/default" || value.starts_with("localhost/");
}

void check_annotation(const PodCheckRun& run, const doc::Node* annotations, const std::string& key) {
  if (!annotations || !annotations->is_mapping()) return;
  const doc::Node* v = annotations->get(key);
  if (!v) return;
  std::string_view value = v->is_null() ? std::string_view{} : v->text();
  if (valid_annotation(value)) return;
  run.report(v, annotation_path(run.pod(), key), "seccompProfile",
             fmt::format("forbidden annotation {}={}", key, quote(value)));
}

// 1.0-1.18: the legacy seccomp annotations of the pod and of its containers (by container name),
// where present, must name the runtime default or a localhost profile.
void seccomp_profile_baseline_1_0(const PodCheckRun& run) {
  const doc::Node* annotations = pod_annotations(run.pod());
  if (!annotations) return;
  check_annotation(run, annotations, std::string(kPodAnnotation));
  visit_containers(run.pod(), [&](const ContainerRef& c) {
    check_annotation(run, annotations, std::string(kContainerAnnotationPrefix) + std::string(c.name));
  });
}

bool valid_type(std::string_view type) {
  return type == "RuntimeDefault" || type == "Localhost";
}

void check_field(const PodCheckRun& run, const Setter& setter) {
  const doc::Node* profile = setter.field(k8s::SecurityField::SeccompProfile);
  if (!profile) return;
  const doc::Node* type = field(profile, "type");
  std::string_view value = type ? type->text() : std::string_view{};
  if (valid_type(value)) return;
  run.report(
      type ? type : profile,
      setter.path(type ? "securityContext.seccompProfile.type" : "securityContext.seccompProfile"),
      "seccompProfile",
      fmt::format("{} must not set securityContext.seccompProfile.type to {}", setter.label(), quote(value)));
}

// 1.19+: the seccompProfile fields of the pod and its containers, where set, must be
// RuntimeDefault or Localhost.
void seccomp_profile_baseline_1_19(const PodCheckRun& run) {
  const k8s::PodSpecView& pod = run.pod();
  check_field(run, pod_setter(pod));
  visit_containers(pod, [&](const ContainerRef& c) { check_field(run, container_setter(pod, c)); });
}

constexpr VersionedCheck kVersions[] = {{0, seccomp_profile_baseline_1_0},
                                        {19, seccomp_profile_baseline_1_19}};

}  // namespace

const PssCheck kSeccompProfileBaselineCheck{&kMeta, "seccompProfile_baseline", PssLevel::Baseline, kVersions};

}  // namespace bulwark::rules::pss
