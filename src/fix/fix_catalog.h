#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark::fix {

/// The fixes `bulwark fix` knows: each sets one secure value that needs no choice from the user.
enum class FixKind : uint8_t {
  AllowPrivilegeEscalation,
  Privileged,
  RunAsNonRoot,
  DropCapabilities,
  SeccompProfile,
  HostNamespaces,
  ReadOnlyRoot,
  AutomountToken,
  ImageDigest,
};

/// A fix, the rules whose findings it resolves, and whether it runs only when asked for
/// (fixes that can break an application that relied on the insecure setting).
struct FixInfo {
  FixKind kind;
  std::string_view name;
  std::string_view summary;
  std::span<const std::string_view> rules;
  bool opt_in = false;
};

std::span<const FixInfo> all_fixes();
const FixInfo& fix_info(FixKind kind);
/// The fix for a rule's findings, or nullptr when the rule has no automatic fix.
const FixInfo* fix_for_rule(std::string_view rule_id);

/// Which fixes run: all default ones (plus the opt-in ones enabled), narrowed by --rules/--skip,
/// which take fix names or rule ids.
struct FixSelection {
  std::vector<std::string> only;
  std::vector<std::string> skip;
  bool read_only_root = false;   // readOnlyRootFilesystem + an emptyDir at /tmp
  bool automount_token = false;  // automountServiceAccountToken: false
  bool pin_digests = false;      // a --pin-digests map was given
  bool enabled(const FixInfo& fix, std::string_view rule_id) const;
};

}  // namespace bulwark::fix
