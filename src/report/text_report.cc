#include "report/text_report.h"

#include <fmt/format.h>

#include <array>
#include <map>

#include "report/terminal_style.h"

namespace bulwark::report {
namespace {

constexpr std::size_t kMaxWhy = 220;

// The first sentence of the why text: a terminal line, not an essay (`bulwark explain` has it all).
std::string first_sentence(std::string_view why) {
  const auto dot = why.find(". ");
  std::string s(dot == std::string_view::npos ? why : why.substr(0, dot + 1));
  if (s.size() > kMaxWhy) s = s.substr(0, kMaxWhy - 1) + "…";
  return s;
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

// Tabs would shift the caret; show them as spaces in the frame.
std::string expand_tabs(std::string_view s) {
  std::string out;
  for (const char c : s) out += c == '\t' ? ' ' : c;
  return out;
}

void render_frame(std::string& out, const rules::Location& loc, const TerminalStyle& style) {
  if (loc.snippet.empty() || !loc.range.begin.known()) return;
  const std::string line_no = std::to_string(loc.range.begin.line);
  const std::string gutter(line_no.size(), ' ');
  const std::string text = expand_tabs(loc.snippet);
  out += fmt::format(" {} {} {}\n", style.dim(line_no), style.dim("|"), text);
  const std::size_t begin = loc.range.begin.column > 0 ? loc.range.begin.column - 1 : 0;
  std::size_t end = code_points(text);
  if (loc.range.end.line == loc.range.begin.line && loc.range.end.column > loc.range.begin.column)
    end = std::min<std::size_t>(end, loc.range.end.column - 1);
  const std::size_t width = end > begin ? end - begin : 1;
  std::string marker = "^" + std::string(width - 1, '~');
  out += fmt::format(" {} {} {}{}\n", gutter, style.dim("|"), std::string(begin, ' '), style.green(marker));
}

void render_fix(std::string& out, std::string_view fix, const TerminalStyle& style) {
  if (fix.empty()) return;
  std::size_t start = 0;
  bool first = true;
  while (start <= fix.size()) {
    const auto nl = fix.find('\n', start);
    const std::string_view line =
        fix.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    out += fmt::format("    {} {}\n", first ? style.cyan("fix:") : std::string("    "), line);
    first = false;
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
}

// Findings rendered between two writes to the sink: the report is never whole in memory.
constexpr std::size_t kFindingsPerWrite = 64;

}  // namespace

std::string render_summary(const engine::ScanResult& r, const TextReportOptions& options) {
  const TerminalStyle style(options.color);
  std::array<std::size_t, 5> by_severity{};
  for (const auto& f : r.findings) ++by_severity[static_cast<std::size_t>(f.severity)];
  std::string counts;
  for (int s = 4; s >= 0; --s) {
    if (!by_severity[s]) continue;
    if (!counts.empty()) counts += ", ";
    counts += style.severity(
        static_cast<rules::Severity>(s),
        fmt::format("{} {}", by_severity[s], rules::to_string(static_cast<rules::Severity>(s))));
  }
  const std::size_t n = r.findings.size();
  std::string head =
      n == 0 ? style.green("✔ no findings") : style.bold(fmt::format("✖ {} finding{}", n, n == 1 ? "" : "s"));
  if (!counts.empty()) head += " (" + counts + ")";
  std::string tail = fmt::format(
      "{} file{}, {} document{}, {} object{}", r.stats.files, r.stats.files == 1 ? "" : "s",
      r.stats.documents, r.stats.documents == 1 ? "" : "s", r.stats.objects, r.stats.objects == 1 ? "" : "s");
  if (r.stats.skipped_documents)
    tail += fmt::format(" ({} not Kubernetes, skipped)", r.stats.skipped_documents);
  const std::size_t errors = r.load_errors.size();
  tail +=
      fmt::format(", {}", errors ? style.red(fmt::format("{} load error{}", errors, errors == 1 ? "" : "s"))
                                 : std::string("0 load errors"));
  tail += fmt::format(", {} suppressed, {:.0f} ms", r.stats.suppressed, r.stats.seconds * 1000);
  return head + " · " + tail + "\n";
}

void write_text(const engine::ScanResult& r, const TextReportOptions& options, ReportSink& sink) {
  const TerminalStyle style(options.color);
  std::string out;  // what is not written yet: a few dozen findings at most
  std::string current_file;
  for (const auto& e : r.load_errors) {
    out += fmt::format("{}:{}:{}: {} {}\n", e.file, e.position.line, e.position.column, style.red("error"),
                       e.message);
  }
  if (!r.load_errors.empty()) out += "\n";
  std::size_t pending = 0;
  for (const auto& f : r.findings) {
    if (++pending > kFindingsPerWrite) {
      sink.write(out);
      out.clear();
      pending = 1;
    }
    if (f.location.file != current_file) {
      current_file = f.location.file;
      out += style.bold(style.cyan(current_file)) + "\n";
    }
    const auto& b = f.location.range.begin;
    out += fmt::format("{}:{}:{}: {} {} {}\n", f.location.file, b.line, b.column,
                       style.severity(f.severity, rules::to_string(f.severity)), style.bold(f.rule->id),
                       f.message);
    render_frame(out, f.location, style);
    if (!f.object.empty() || !f.field_path.empty())
      out += fmt::format("    {} {}{}{}\n", style.dim("at:"), f.object,
                         f.object.empty() || f.field_path.empty() ? "" : " · ", f.field_path);
    for (const auto& rel : f.related)
      out += fmt::format("    {} {}:{}:{}: {}\n", style.dim("see:"), rel.location.file,
                         rel.location.range.begin.line, rel.location.range.begin.column, rel.message);
    if (options.explain) {
      out += fmt::format("    {} {}\n", style.cyan("why:"), first_sentence(f.rule->why));
      render_fix(out, f.rule->fix, style);
      out += fmt::format("    {}\n", style.dim("more: bulwark explain " + std::string(f.rule->id)));
    }
    out += "\n";
  }
  for (const auto& n : r.notices) out += fmt::format("{}: {} {}\n", n.file, style.cyan("note:"), n.message);
  if (options.summary) out += render_summary(r, options);
  sink.write(out);
}

std::string render_text(const engine::ScanResult& r, const TextReportOptions& options) {
  std::string out;
  StringSink sink(out);
  write_text(r, options, sink);
  return out;
}

}  // namespace bulwark::report
