#include "rules/rule_meta.h"

#include <array>
#include <utility>

namespace bulwark::rules {
namespace {

constexpr std::array<std::pair<Severity, std::string_view>, 5> kSeverities{{
    {Severity::Info, "info"},
    {Severity::Low, "low"},
    {Severity::Medium, "medium"},
    {Severity::High, "high"},
    {Severity::Critical, "critical"},
}};

constexpr std::array<std::pair<Family, std::string_view>, 11> kFamilies{{
    {Family::Manifest, "manifest"},
    {Family::PodSecurity, "pod-security"},
    {Family::Workload, "workload"},
    {Family::ServiceAccount, "service-account"},
    {Family::Rbac, "rbac"},
    {Family::Network, "network"},
    {Family::Secrets, "secrets"},
    {Family::Cluster, "cluster"},
    {Family::Dockerfile, "dockerfile"},
    {Family::Image, "image"},
    {Family::Policy, "policy"},
}};

}  // namespace

std::string_view to_string(Severity s) {
  for (const auto& [value, name] : kSeverities)
    if (value == s) return name;
  return "unknown";
}

std::optional<Severity> parse_severity(std::string_view text) {
  for (const auto& [value, name] : kSeverities)
    if (name == text) return value;
  return std::nullopt;
}

std::string_view to_string(Family f) {
  for (const auto& [value, name] : kFamilies)
    if (value == f) return name;
  return "unknown";
}

std::optional<Family> parse_family(std::string_view text) {
  for (const auto& [value, name] : kFamilies)
    if (name == text) return value;
  return std::nullopt;
}

}  // namespace bulwark::rules
