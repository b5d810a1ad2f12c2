#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "cel/ast.h"

namespace bulwark::cel {

/// A parse or compile error with its 1-based position in the expression source.
struct CompileError {
  std::string message;
  int line = 1;
  int col = 1;
};

/// 1-based line and column (in code points) of a byte offset.
CompileError error_at(std::string_view src, std::uint32_t offset, std::string message);

/// Parses a CEL expression, expanding the standard macros (has, all, exists, exists_one, map, filter, the
/// two-variable comprehensions and optMap/optFlatMap) into Macro nodes.
std::expected<Expr, CompileError> parse(std::string_view src);

}  // namespace bulwark::cel
