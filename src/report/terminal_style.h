#pragma once

#include <string>
#include <string_view>

#include "rules/rule_meta.h"

namespace bulwark::report {

/// ANSI styling that disappears entirely when colour is off (NO_COLOR, pipes, --no-color).
class TerminalStyle {
 public:
  explicit TerminalStyle(bool enabled) : enabled_(enabled) {}
  std::string bold(std::string_view s) const { return wrap("1", s); }
  std::string dim(std::string_view s) const { return wrap("2", s); }
  std::string cyan(std::string_view s) const { return wrap("36", s); }
  std::string green(std::string_view s) const { return wrap("32", s); }
  std::string red(std::string_view s) const { return wrap("31", s); }
  std::string severity(rules::Severity s, std::string_view text) const;

 private:
  std::string wrap(std::string_view code, std::string_view s) const;
  bool enabled_;
};

}  // namespace bulwark::report
