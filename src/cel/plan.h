#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cel/functions.h"
#include "cel/value.h"

namespace bulwark::cel {

/// Macro forms the evaluator runs natively.
enum class MacroKind : std::uint8_t {
  All,
  Exists,
  ExistsOne,
  Map,
  Filter,
  TransformList,
  TransformMap,
  TransformMapEntry,
  OptMap,
  OptFlatMap,
  SortBy,
};

/// One node of a compiled expression: identifiers resolved to slots, functions to overload sets.
struct Node {
  enum class Op : std::uint8_t {
    Const,
    Var,
    Local,
    Select,
    Has,
    Index,
    OptIndex,
    Call,
    And,
    Or,
    Cond,
    List,
    Map,
    Macro
  };

  Op op = Op::Const;
  /// Select: the `.?` form.
  bool optional = false;
  MacroKind macro = MacroKind::All;
  /// Var: environment slot; Local / Macro: first iteration variable slot.
  std::int32_t index = -1;
  /// Macro: second iteration variable slot (two-variable forms), or -1.
  std::int32_t index2 = -1;
  std::uint32_t offset = 0;
  /// Const: the value; Select/Has: the field name; Call: the function name (for messages).
  Value value;
  std::vector<Node> kids;
  std::vector<bool> optional_entries;
  std::vector<const Overload*> overloads;
  /// Per-call-site data prepared at compile time (precompiled regex).
  std::shared_ptr<const void> prepared;
};

/// A compiled program's shared, immutable state.
struct Plan {
  Node root;
  std::size_t locals = 0;
  std::uint64_t cost_limit = 0;
  std::uint64_t cost_estimate = 0;
};

class Activation;

/// Runs a plan; `cost` receives the runtime cost spent.
Value evaluate_plan(const Plan& plan, const Activation& activation, std::uint64_t& cost);

}  // namespace bulwark::cel
