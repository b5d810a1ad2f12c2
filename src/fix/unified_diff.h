#pragma once

#include <string>
#include <string_view>

namespace bulwark::fix {

/// A unified diff (`diff -u` format, 3 lines of context) from `before` to `after`, labelled
/// `a/NAME` and `b/NAME`; "" when the texts are equal. Lines keep their own endings, so a CRLF
/// file gives a patch that applies to it.
std::string unified_diff(std::string_view name, std::string_view before, std::string_view after,
                         int context = 3);

}  // namespace bulwark::fix
