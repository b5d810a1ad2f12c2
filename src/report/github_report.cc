#include "report/github_report.h"

#include <fmt/format.h>

namespace bulwark::report {
namespace {

// The runner's escaping: data escapes %, CR and LF; properties also ':' and ','.
std::string escape_data(std::string_view s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string escape_property(std::string_view s) {
  std::string out;
  for (const char c : escape_data(s)) {
    if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

std::string_view command(rules::Severity s) {
  switch (s) {
    case rules::Severity::Critical:
    case rules::Severity::High:
      return "error";
    case rules::Severity::Medium:
    case rules::Severity::Low:
      return "warning";
    case rules::Severity::Info:
      return "notice";
  }
  return "warning";
}

}  // namespace

std::string render_github(const engine::ScanResult& r) {
  std::string out;
  for (const auto& e : r.load_errors)
    out += fmt::format("::error file={},line={},col={},title=bulwark load error::{}\n",
                       escape_property(e.file), e.position.line, e.position.column, escape_data(e.message));
  for (const auto& f : r.findings) {
    const auto& b = f.location.range.begin;
    const auto& e = f.location.range.end;
    std::string props = "file=" + escape_property(f.location.file);
    if (b.known()) {
      props += fmt::format(",line={},col={}", b.line, b.column);
      if (e.known() && e >= b) props += fmt::format(",endLine={},endColumn={}", e.line, e.column);
    }
    props += ",title=" + escape_property(fmt::format("{} ({})", f.rule->id, rules::to_string(f.severity)));
    std::string text = f.message;
    if (!f.object.empty()) text += "\n" + f.object + (f.field_path.empty() ? "" : " · " + f.field_path);
    text += fmt::format("\n{}\nFix:\n{}\nMore: bulwark explain {}", f.rule->title, f.rule->fix, f.rule->id);
    out += fmt::format("::{} {}::{}\n", command(f.severity), props, escape_data(text));
  }
  return out;
}

}  // namespace bulwark::report
