#include "rules/check_context.h"

#include <charconv>

namespace bulwark::rules {

std::string_view to_string(PssLevel level) {
  switch (level) {
    case PssLevel::Privileged:
      return "privileged";
    case PssLevel::Baseline:
      return "baseline";
    case PssLevel::Restricted:
      return "restricted";
  }
  return "restricted";
}

std::optional<PssLevel> parse_pss_level(std::string_view text) {
  if (text == "privileged") return PssLevel::Privileged;
  if (text == "baseline") return PssLevel::Baseline;
  if (text == "restricted") return PssLevel::Restricted;
  return std::nullopt;
}

std::string PssVersion::to_string() const {
  return latest ? "latest" : "v1." + std::to_string(minor);
}

std::optional<PssVersion> parse_pss_version(std::string_view text) {
  if (text == "latest") return PssVersion{};
  if (!text.starts_with("v1.")) return std::nullopt;
  text.remove_prefix(3);
  unsigned minor = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), minor);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty() || minor > 1000)
    return std::nullopt;
  // PSA evaluates versions newer than it knows as latest.
  if (minor >= PssVersion::kNewestMinor) return PssVersion{static_cast<uint16_t>(minor), true};
  return PssVersion{static_cast<uint16_t>(minor), false};
}

}  // namespace bulwark::rules
