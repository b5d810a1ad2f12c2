#include "report/markdown_report.h"

#include <fmt/format.h>

#include <array>

namespace bulwark::report {
namespace {

// Table cells hold no pipes or line breaks, and backticks would open code spans.
std::string cell(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else if (c == '`')
      out += "\\`";
    else if (c == '<')
      out += "&lt;";
    else
      out += c;
  }
  return out;
}

std::string_view badge(rules::Severity s) {
  switch (s) {
    case rules::Severity::Critical:
      return "🟣 critical";
    case rules::Severity::High:
      return "🔴 high";
    case rules::Severity::Medium:
      return "🟠 medium";
    case rules::Severity::Low:
      return "🔵 low";
    case rules::Severity::Info:
      return "⚪ info";
  }
  return "";
}

}  // namespace

std::string render_markdown(const engine::ScanResult& r, const MarkdownReportOptions& options) {
  std::array<std::size_t, 5> by_severity{};
  for (const auto& f : r.findings) ++by_severity[static_cast<std::size_t>(f.severity)];
  const std::size_t n = r.findings.size();
  std::string out = n == 0 ? "### ✅ bulwark: no findings\n\n"
                           : fmt::format("### ❌ bulwark: {} finding{}\n\n", n, n == 1 ? "" : "s");
  out += "| critical | high | medium | low | info | files | objects | load errors | suppressed |\n";
  out += "|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", by_severity[4], by_severity[3],
                     by_severity[2], by_severity[1], by_severity[0], r.stats.files, r.stats.objects,
                     r.load_errors.size(), r.stats.suppressed);
  if (!r.load_errors.empty()) {
    out += "\n**Load errors**\n\n";
    for (const auto& e : r.load_errors)
      out += fmt::format("- `{}:{}:{}` {}\n", e.file, e.position.line, e.position.column, cell(e.message));
  }
  if (n) {
    out += "\n| severity | rule | location | object | message |\n|---|---|---|---|---|\n";
    const std::size_t shown = std::min(n, options.max_rows);
    for (std::size_t i = 0; i < shown; ++i) {
      const auto& f = r.findings[i];
      out += fmt::format("| {} | `{}` | `{}:{}` | {} | {} |\n", badge(f.severity), f.rule->id,
                         cell(f.location.file), f.location.range.begin.line, cell(f.object), cell(f.message));
    }
    if (shown < n)
      out += fmt::format("\n… and {} more (run `bulwark scan` locally for the full list).\n", n - shown);
  }
  for (const auto& note : r.notices) out += fmt::format("\n> {}: {}\n", cell(note.file), cell(note.message));
  out += "\n<sub>`bulwark explain RULE` tells why a rule matters and how to fix it.</sub>\n";
  return out;
}

}  // namespace bulwark::report
