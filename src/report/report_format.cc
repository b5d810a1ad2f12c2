#include "report/report_format.h"

#include <array>
#include <utility>

#include "report/github_report.h"
#include "report/json_report.h"
#include "report/junit_report.h"
#include "report/markdown_report.h"
#include "report/policy_report.h"
#include "report/sarif_report.h"
#include "report/text_report.h"

namespace bulwark::report {
namespace {

constexpr std::array<std::pair<std::string_view, ReportFormat>, 8> kNames{{
    {"text", ReportFormat::Text},
    {"json", ReportFormat::Json},
    {"sarif", ReportFormat::Sarif},
    {"junit", ReportFormat::Junit},
    {"policyreport", ReportFormat::PolicyReport},
    {"github", ReportFormat::Github},
    {"markdown", ReportFormat::Markdown},
    {"cyclonedx", ReportFormat::CycloneDx},
}};

}  // namespace

std::optional<ReportFormat> parse_report_format(std::string_view name) {
  for (const auto& [n, f] : kNames)
    if (n == name) return f;
  return std::nullopt;
}

std::string_view report_format_names() {
  return "text|json|sarif|junit|policyreport|github|markdown|cyclonedx";
}

void write_report(ReportFormat format, const engine::ScanResult& result, const ReportContext& context,
                  ReportSink& sink) {
  switch (format) {
    case ReportFormat::Text: {
      TextReportOptions o;
      o.color = context.color;
      o.explain = context.explain;
      return write_text(result, o, sink);
    }
    case ReportFormat::Json:
      return write_json(result, context.tool_version, sink);
    case ReportFormat::Sarif:
      return write_sarif(result, SarifOptions{context.tool_version, context.docs_base_url}, sink);
    // The formats below are small or read whole by their consumers: rendered, then written.
    case ReportFormat::Junit:
      return sink.write(render_junit(result));
    case ReportFormat::PolicyReport:
      return sink.write(render_policy_report(result, PolicyReportOptions{context.timestamp}));
    case ReportFormat::Github:
      return sink.write(render_github(result));
    case ReportFormat::Markdown:
      return sink.write(render_markdown(result, MarkdownReportOptions{}));
    case ReportFormat::CycloneDx:
      if (result.sboms.size() == 1) sink.write(result.sboms.front().cyclonedx);
      return;
  }
}

std::string render_report(ReportFormat format, const engine::ScanResult& result,
                          const ReportContext& context) {
  std::string out;
  StringSink sink(out);
  write_report(format, result, context, sink);
  return out;
}

}  // namespace bulwark::report
