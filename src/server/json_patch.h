#pragma once

#include <string>
#include <string_view>

#include "doc/node.h"

namespace bulwark::server {

/// Writes a JSON-compatible tree as block-style YAML (keys and strings JSON-quoted, which YAML
/// double quotes read the same), so that `bulwark fix`'s text editor can work on a request's
/// object.
std::string yaml_block_of(const doc::Node& node);

/// The RFC 6902 JSONPatch (a JSON array) that turns `before` into `after`: `add` for new mapping
/// keys and sequence items, `remove` for dropped ones, `replace` for changed values. "" when the
/// trees are equal.
std::string json_patch_between(const doc::Node& before, const doc::Node& after);

/// A JSON Pointer (RFC 6901) token: `~` → `~0`, `/` → `~1`.
std::string json_pointer_token(std::string_view key);

}  // namespace bulwark::server
