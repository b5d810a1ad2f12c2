#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cel/value.h"

namespace bulwark::cel {

/// Parsed CEL expression. Macros stay as their own node kind (with their iteration variables) instead of
/// being lowered to generic comprehensions, so the evaluator can run them directly.
struct Expr {
  enum class Kind : std::uint8_t { Literal, Ident, Select, Call, List, Map, Macro };

  Kind kind = Kind::Literal;
  /// Byte offset of the expression's significant token in the source (for error positions).
  std::uint32_t offset = 0;
  Value literal;
  /// Identifier name, selected field, called function or macro name.
  std::string name;
  /// Select: `has()` presence test; Select/Index call: the `.?`/`[?]` optional forms.
  bool test_only = false;
  bool optional = false;
  /// Select operand, receiver of a member call, range of a macro; null otherwise.
  std::unique_ptr<Expr> target;
  /// Call arguments, list elements, map keys and values interleaved, macro bodies.
  std::vector<Expr> args;
  /// List elements / map entries written with a leading `?`.
  std::vector<bool> optional_entries;
  /// Macro iteration variables (iter_var2 empty for one-variable forms).
  std::string iter_var;
  std::string iter_var2;
};

}  // namespace bulwark::cel
