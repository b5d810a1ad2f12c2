#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bulwark::rules {

/// Pod Security Standards levels, as the `pod-security.kubernetes.io/enforce` label names them.
enum class PssLevel : uint8_t { Privileged, Baseline, Restricted };
std::string_view to_string(PssLevel level);
std::optional<PssLevel> parse_pss_level(std::string_view text);

/// A Pod Security Standards version: "v1.N" or "latest" (which behaves as the newest version).
struct PssVersion {
  static constexpr uint16_t kNewestMinor = 37;  // newest version in the PSA fixtures we conform to
  uint16_t minor = kNewestMinor;
  bool latest = true;
  /// The minor version checks compare against: latest counts as the newest.
  uint16_t effective_minor() const { return latest ? kNewestMinor : minor; }
  bool at_least(uint16_t m) const { return effective_minor() >= m; }
  std::string to_string() const;
};
/// Parses "latest" or "v1.N" (PSA's label format); anything else is nullopt.
std::optional<PssVersion> parse_pss_version(std::string_view text);

/// What a rule may know beyond the object itself: the Pod Security level and version in force
/// for the object (from flags, or from its Namespace's labels in the same scan).
struct CheckContext {
  PssLevel pss_level = PssLevel::Restricted;
  PssVersion pss_version;
  /// Where the level came from, for messages: "--pss-level", or "namespace prod".
  std::string pss_source = "--pss-level";
};

}  // namespace bulwark::rules
