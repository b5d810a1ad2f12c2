#pragma once

#include <optional>
#include <span>
#include <string>

#include "doc/node.h"

namespace bulwark::fix {

/// The first place where two trees differ outside the `allowed` paths (dotted paths whose whole
/// subtree may differ), or nullopt when they agree everywhere else. This is how `fix` proves
/// that its text edits changed the fixed fields and nothing more.
std::optional<std::string> first_difference(const doc::Node& before, const doc::Node& after,
                                            std::span<const std::string> allowed);

}  // namespace bulwark::fix
