#include "policy/resource_name.h"

#include <array>
#include <cctype>
#include <utility>

namespace bulwark::policy {

std::string resource_of_kind(std::string_view kind) {
  std::string lower;
  lower.reserve(kind.size() + 3);
  for (char c : kind) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  // Kinds whose resource is not the guessed plural.
  if (lower == "endpoints") return lower;
  if (lower.empty()) return lower;
  const char last = lower.back();
  if (last == 's' || lower.ends_with("ch") || lower.ends_with("sh") || last == 'x') return lower + "es";
  if (last == 'y' && lower.size() > 1 &&
      std::string_view("aeiou").find(lower[lower.size() - 2]) == std::string_view::npos) {
    lower.pop_back();
    return lower + "ies";
  }
  return lower + "s";
}

bool is_cluster_scoped_kind(std::string_view group, std::string_view kind) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 21> kClusterScoped{{
      {"", "Namespace"},
      {"", "Node"},
      {"", "PersistentVolume"},
      {"", "ComponentStatus"},
      {"rbac.authorization.k8s.io", "ClusterRole"},
      {"rbac.authorization.k8s.io", "ClusterRoleBinding"},
      {"storage.k8s.io", "StorageClass"},
      {"storage.k8s.io", "CSIDriver"},
      {"storage.k8s.io", "CSINode"},
      {"storage.k8s.io", "VolumeAttachment"},
      {"apiextensions.k8s.io", "CustomResourceDefinition"},
      {"apiregistration.k8s.io", "APIService"},
      {"scheduling.k8s.io", "PriorityClass"},
      {"networking.k8s.io", "IngressClass"},
      {"node.k8s.io", "RuntimeClass"},
      {"admissionregistration.k8s.io", "ValidatingWebhookConfiguration"},
      {"admissionregistration.k8s.io", "MutatingWebhookConfiguration"},
      {"admissionregistration.k8s.io", "ValidatingAdmissionPolicy"},
      {"admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"},
      {"certificates.k8s.io", "CertificateSigningRequest"},
      {"flowcontrol.apiserver.k8s.io", "FlowSchema"},
  }};
  for (const auto& [g, k] : kClusterScoped)
    if (g == group && k == kind) return true;
  return false;
}

std::string_view version_of(std::string_view api_version) {
  const auto slash = api_version.rfind('/');
  return slash == std::string_view::npos ? api_version : api_version.substr(slash + 1);
}

}  // namespace bulwark::policy
