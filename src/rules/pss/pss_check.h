#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "doc/node.h"
#include "k8s/pod_spec_view.h"
#include "rules/check_context.h"
#include "rules/finding.h"
#include "rules/rule_meta.h"

namespace bulwark::rules::pss {

/// What one check implementation sees: the pod spec, and where to report. Findings are filed
/// under `meta`, the rule of the check being run.
class PodCheckRun {
 public:
  PodCheckRun(const k8s::PodSpecView& pod, const RuleMeta& meta, FindingSink& sink)
      : pod_(pod), meta_(meta), sink_(sink) {}
  const k8s::PodSpecView& pod() const { return pod_; }
  /// Reports `node` (the object itself when null) with `reason (detail)`, PSA's wording.
  void report(const doc::Node* node, std::string field_path, std::string_view reason,
              std::string_view detail) const;

 private:
  const k8s::PodSpecView& pod_;
  const RuleMeta& meta_;
  FindingSink& sink_;
};

using PodCheckFn = void (*)(const PodCheckRun&);

/// One implementation of a check, in force from `minimum_minor` (v1.<minimum_minor>) until the
/// next one. `overrides` names the baseline checks it replaces at the restricted level.
struct VersionedCheck {
  uint16_t minimum_minor;
  PodCheckFn check;
  std::span<const std::string_view> overrides = {};
};

/// A Pod Security Admission check: its id (PSA's), the level it belongs to, and its versions,
/// oldest first.
struct PssCheck {
  const RuleMeta* meta;
  std::string_view id;
  PssLevel level;
  std::span<const VersionedCheck> versions;
};

// Every check, defined one per file.
extern const PssCheck kPrivilegedCheck;
extern const PssCheck kHostNamespacesCheck;
extern const PssCheck kHostPathVolumesCheck;
extern const PssCheck kHostPortsCheck;
extern const PssCheck kHostProbesAndHostLifecycleCheck;
extern const PssCheck kCapabilitiesBaselineCheck;
extern const PssCheck kAppArmorProfileCheck;
extern const PssCheck kSeLinuxOptionsCheck;
extern const PssCheck kProcMountCheck;
extern const PssCheck kSeccompProfileBaselineCheck;
extern const PssCheck kSysctlsCheck;
extern const PssCheck kWindowsHostProcessCheck;
extern const PssCheck kAllowPrivilegeEscalationCheck;
extern const PssCheck kCapabilitiesRestrictedCheck;
extern const PssCheck kProcMountRestrictedCheck;
extern const PssCheck kRestrictedVolumesCheck;
extern const PssCheck kRunAsNonRootCheck;
extern const PssCheck kRunAsUserCheck;
extern const PssCheck kSeccompProfileRestrictedCheck;

/// procMount 1.0 (no value but "Default"): shared by procMount and procMount_restricted.
void proc_mount_unconditional(const PodCheckRun& run);

/// The Namespace rule: a Namespace without a `pod-security.kubernetes.io/enforce` label.
void check_namespace_enforce_label(const k8s::Object& object, const CheckContext& context, FindingSink& sink);

/// The implementation of `check` in force at `level` and `version`, or null when the check does
/// not apply there (wrong level, older than its first version, or overridden by a restricted check).
const VersionedCheck* selected_version(const PssCheck& check, PssLevel level, const PssVersion& version);

}  // namespace bulwark::rules::pss
