#pragma once

#include <span>
#include <string>
#include <vector>

#include "fix/digest_pins.h"
#include "fix/document_editor.h"
#include "fix/fix_catalog.h"
#include "k8s/object.h"
#include "rules/finding.h"

namespace bulwark::fix {

/// A finding that a planned edit resolves: after the fix, `rule_id` must report nothing on
/// `target` (a container's path, or the pod spec's) of the object.
struct FixClaim {
  std::string rule_id;
  std::string target;
};

/// A finding left as it is, and why (a value only the user can choose, or an edit that could
/// not be made safely).
struct UnfixedFinding {
  std::string rule_id;
  std::string object;
  std::string field_path;
  std::string reason;
};

/// What the fixes plan for one object.
struct ObjectFixPlan {
  std::vector<FixClaim> claims;
  std::vector<UnfixedFinding> unfixed;
  std::vector<std::string> applied;  // "allow-privilege-escalation: spec.containers[0]"
};

/// Settings the fixes need besides the selection.
struct FixSettings {
  FixSelection selection;
  DigestPins pins;
};

/// Plans, through `editor`, the fixes for an object's findings. `base` is the object's path in
/// its document ("" or "items[2]").
void plan_object_fixes(const k8s::Object& object, std::string_view base,
                       std::span<const rules::Finding> findings, const FixSettings& settings,
                       DocumentEditor& editor, ObjectFixPlan& plan);

}  // namespace bulwark::fix
