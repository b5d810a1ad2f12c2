#include <fmt/format.h>

#include "rules/pss/pod_fields.h"
#include "rules/pss/pss_check.h"
#include "rules/pss/pss_rules.h"
#include "rules/pss/references.h"

namespace bulwark::rules::pss {
namespace {

constexpr std::string_view kEnforceLabel = "pod-security.kubernetes.io/enforce";

constexpr Reference kRefs[] = {
    kPsaPage,
    kPssPage,
    kNsaCisaGuide,
    {"Kubernetes: enforce Pod Security Standards with namespace labels",
     "https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/"}};

}  // namespace

extern const RuleMeta kNamespaceEnforceLabel{
    .id = "PSS-namespace-enforce-label",
    .severity = Severity::Medium,
    .family = Family::PodSecurity,
    .title = "Namespace without a Pod Security enforce label",
    .why =
        "Pod Security Admission only blocks what a namespace's pod-security.kubernetes.io/enforce label "
        "asks for. Without it the cluster-wide default applies, which is `privileged` (nothing enforced) "
        "unless someone configured otherwise: any pod, privileged or mounting the node's disk, is admitted. "
        "That includes the default namespace, where workloads land when nobody says otherwise.",
    .fix =
        "metadata:\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n"
        "    pod-security.kubernetes.io/enforce-version: latest",
    .references = kRefs,
};

void check_namespace_enforce_label(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  if (object.kind() != "Namespace" || object.group() != "") return;
  const doc::Node* labels = object.labels();
  const doc::Node* label = labels && labels->is_mapping() ? labels->get(kEnforceLabel) : nullptr;
  if (!label || label->is_null()) {
    const doc::Node* at = labels ? labels : object.metadata();
    sink.add(
        kNamespaceEnforceLabel, object, at, labels ? "metadata.labels" : "metadata",
        fmt::format("namespace \"{}\" has no {} label: Pod Security Admission enforces nothing there beyond "
                    "the cluster default",
                    object.name(), kEnforceLabel));
    return;
  }
  std::string_view value = label->text();
  if (!parse_pss_level(value))
    sink.add(kNamespaceEnforceLabel, object, label, "metadata.labels[" + quote(kEnforceLabel) + "]",
             fmt::format("namespace \"{}\" sets {}={}, which is not privileged, baseline or restricted: Pod "
                         "Security Admission rejects the label",
                         object.name(), kEnforceLabel, quote(value)));
}

}  // namespace bulwark::rules::pss
