#include "fix/fix_catalog.h"

#include <algorithm>
#include <array>

namespace bulwark::fix {
namespace {

constexpr std::string_view kEscalation[] = {"PSS-allowPrivilegeEscalation",
                                            "BW-workload-allow-privilege-escalation"};
constexpr std::string_view kPrivileged[] = {"PSS-privileged", "BW-workload-privileged-container"};
constexpr std::string_view kNonRoot[] = {"PSS-runAsNonRoot", "BW-workload-run-as-non-root"};
constexpr std::string_view kCapabilities[] = {"PSS-capabilities_restricted",
                                              "BW-workload-drop-all-capabilities"};
constexpr std::string_view kSeccomp[] = {"PSS-seccompProfile_restricted", "PSS-seccompProfile_baseline",
                                         "BW-workload-seccomp-profile"};
constexpr std::string_view kHost[] = {"PSS-hostNamespaces", "BW-workload-host-network",
                                      "BW-workload-host-pid", "BW-workload-host-ipc"};
constexpr std::string_view kReadOnly[] = {"BW-workload-readonly-root-fs"};
constexpr std::string_view kAutomount[] = {"BW-sa-automount-token"};
constexpr std::string_view kDigest[] = {"BW-workload-image-latest-tag"};

constexpr std::array kFixes{
    FixInfo{FixKind::AllowPrivilegeEscalation, "allow-privilege-escalation",
            "securityContext.allowPrivilegeEscalation: false on every container", kEscalation},
    FixInfo{FixKind::Privileged, "privileged", "securityContext.privileged: false", kPrivileged},
    FixInfo{FixKind::RunAsNonRoot, "run-as-non-root",
            "securityContext.runAsNonRoot: true (pod level; containers that set false)", kNonRoot},
    FixInfo{FixKind::DropCapabilities, "drop-capabilities",
            "securityContext.capabilities.drop: [ALL] (added capabilities are kept)", kCapabilities},
    FixInfo{FixKind::SeccompProfile, "seccomp-profile", "securityContext.seccompProfile.type: RuntimeDefault",
            kSeccomp},
    FixInfo{FixKind::HostNamespaces, "host-namespaces", "hostNetwork/hostPID/hostIPC: false", kHost},
    FixInfo{FixKind::ReadOnlyRoot, "read-only-root",
            "securityContext.readOnlyRootFilesystem: true, with an emptyDir at /tmp (--read-only-root)",
            kReadOnly, true},
    FixInfo{
        FixKind::AutomountToken, "automount-token",
        "automountServiceAccountToken: false on pods whose account has no permissions (--automount-token)",
        kAutomount, true},
    FixInfo{FixKind::ImageDigest, "image-digest", "image tag latest → the digest given by --pin-digests FILE",
            kDigest, true},
};

bool named(const std::vector<std::string>& names, const FixInfo& fix, std::string_view rule_id) {
  return std::ranges::any_of(names, [&](const std::string& n) { return n == fix.name || n == rule_id; });
}

}  // namespace

std::span<const FixInfo> all_fixes() {
  return kFixes;
}

const FixInfo& fix_info(FixKind kind) {
  return kFixes[static_cast<std::size_t>(kind)];
}

const FixInfo* fix_for_rule(std::string_view rule_id) {
  for (const FixInfo& f : kFixes)
    if (std::ranges::find(f.rules, rule_id) != f.rules.end()) return &f;
  return nullptr;
}

bool FixSelection::enabled(const FixInfo& fix, std::string_view rule_id) const {
  if (fix.kind == FixKind::ReadOnlyRoot && !read_only_root) return false;
  if (fix.kind == FixKind::AutomountToken && !automount_token) return false;
  if (fix.kind == FixKind::ImageDigest && !pin_digests) return false;
  if (!only.empty() && !named(only, fix, rule_id)) return false;
  return !named(skip, fix, rule_id);
}

}  // namespace bulwark::fix
