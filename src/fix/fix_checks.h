#pragma once

#include <span>
#include <vector>

#include "k8s/object.h"
#include "rules/check_context.h"
#include "rules/finding.h"

namespace bulwark::fix {

/// Runs the rules that `fix` resolves over the objects of one file, the same rule code `scan`
/// runs. Findings come back per object, index-aligned with `objects`; cross-object rules
/// (automountServiceAccountToken) see only this file's objects.
std::vector<std::vector<rules::Finding>> check_objects(std::span<const k8s::Object> objects,
                                                       const rules::CheckContext& context, bool cross_object);

/// The container (or, failing that, the pod) a finding's field path is about:
/// "spec.containers[1]" for "spec.containers[1].securityContext.privileged".
std::string fix_target(const k8s::Object& object, std::string_view field_path);

}  // namespace bulwark::fix
