#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace bulwark::rules {

/// How bad a finding is. Ordered: a threshold keeps findings at or above it.
enum class Severity : uint8_t { Info, Low, Medium, High, Critical };
std::string_view to_string(Severity s);
std::optional<Severity> parse_severity(std::string_view text);

/// The practice a rule belongs to (DESIGN.md's list); used by --rules/--skip and the docs.
enum class Family : uint8_t {
  Manifest,        // how the file itself reads: duplicate keys, ambiguous values
  PodSecurity,     // the Pod Security Standards, as Pod Security Admission enforces them
  Workload,        // hardening beyond PSS: read-only root, resources, probes, images
  ServiceAccount,  // service accounts and namespaces
  Rbac,
  Network,
  Secrets,
  Cluster,  // cluster configuration files (EncryptionConfiguration, ...)
  Dockerfile,
  Image,
  Policy,  // user policies (ValidatingAdmissionPolicy)
};
std::string_view to_string(Family f);
std::optional<Family> parse_family(std::string_view text);

/// A source the rule's advice rests on.
struct Reference {
  std::string_view title;
  std::string_view url;
};

/// Everything a person reads about a rule, in one place: the docs, `bulwark explain` and the
/// SARIF rule table are generated from it.
struct RuleMeta {
  std::string_view id;
  Severity severity = Severity::Medium;
  Family family = Family::Workload;
  std::string_view title;
  /// The attack it prevents, in plain words for a developer without an appsec background.
  std::string_view why;
  /// A YAML (or Dockerfile) snippet showing the secure setting.
  std::string_view fix;
  std::span<const Reference> references;
  /// Rules that are too noisy for most users are opt-in (--rules).
  bool enabled_by_default = true;
};

}  // namespace bulwark::rules
