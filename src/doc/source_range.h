#pragma once

#include <compare>
#include <cstdint>

namespace bulwark::doc {

/// A place in a source file: 1-based line and 1-based column counted in Unicode code points
/// (what editors and SARIF's default column kind show for the BMP). Line 0 means "unknown".
struct Position {
  uint32_t line = 0;
  uint32_t column = 0;
  auto operator<=>(const Position&) const = default;
  bool known() const { return line != 0; }
};

/// The half-open span a value occupies, from its first character to just after its last one.
struct SourceRange {
  Position begin;
  Position end;
  auto operator<=>(const SourceRange&) const = default;
};

}  // namespace bulwark::doc
