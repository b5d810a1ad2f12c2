#include "report/terminal_style.h"

namespace bulwark::report {

std::string TerminalStyle::wrap(std::string_view code, std::string_view s) const {
  if (!enabled_) return std::string(s);
  return "\x1b[" + std::string(code) + "m" + std::string(s) + "\x1b[0m";
}

std::string TerminalStyle::severity(rules::Severity s, std::string_view text) const {
  switch (s) {
    case rules::Severity::Critical:
      return wrap("1;35", text);
    case rules::Severity::High:
      return wrap("1;31", text);
    case rules::Severity::Medium:
      return wrap("1;33", text);
    case rules::Severity::Low:
      return wrap("1;34", text);
    case rules::Severity::Info:
      return wrap("2", text);
  }
  return std::string(text);
}

}  // namespace bulwark::report
