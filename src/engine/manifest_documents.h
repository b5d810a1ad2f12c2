#pragma once

#include <functional>
#include <string_view>

#include "doc/document.h"
#include "engine/input.h"

namespace bulwark::engine {

/// For the pre-passes that read manifests before the scan (Namespaces, the policies' cluster
/// snapshot): loads every document of a manifest file whose whole text passes `wanted` (a cheap
/// text test that lets a pre-pass skip most files) and hands each to `visit`. Files that cannot be
/// read or loaded are skipped: the scan itself reports them.
void for_each_document(const Input& input, const std::function<bool(std::string_view)>& wanted,
                       const std::function<void(doc::Document)>& visit);

}  // namespace bulwark::engine
