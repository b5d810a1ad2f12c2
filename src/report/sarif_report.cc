#include "report/sarif_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "report/fingerprint.h"
#include "report/json_writer.h"
#include "report/uri.h"
#include "rules/catalog.h"

namespace bulwark::report {
namespace {

std::string_view level(rules::Severity s) {
  switch (s) {
    case rules::Severity::Critical:
    case rules::Severity::High:
      return "error";
    case rules::Severity::Medium:
      return "warning";
    case rules::Severity::Low:
    case rules::Severity::Info:
      return "note";
  }
  return "warning";
}

std::string help_text(const rules::RuleMeta& r) {
  std::string out = std::string(r.why) + "\n\nHow to fix:\n" + std::string(r.fix) + "\n";
  for (const auto& ref : r.references)
    out += ref.url.empty() ? fmt::format("\n- {}", ref.title) : fmt::format("\n- {}: {}", ref.title, ref.url);
  return out;
}

std::string help_markdown(const rules::RuleMeta& r) {
  std::string out = std::string(r.why) + "\n\n**How to fix**\n\n```yaml\n" + std::string(r.fix) + "\n```\n";
  if (!r.references.empty()) out += "\n**References**\n";
  for (const auto& ref : r.references)
    out +=
        ref.url.empty() ? fmt::format("\n- {}", ref.title) : fmt::format("\n- [{}]({})", ref.title, ref.url);
  return out;
}

void write_rule(JsonWriter& w, const rules::RuleMeta& r, const SarifOptions& options) {
  w.begin_object();
  w.key("id").value(r.id);
  w.key("name").value(r.id);
  w.key("shortDescription").begin_object().key("text").value(r.title).end_object();
  w.key("fullDescription").begin_object().key("text").value(r.why).end_object();
  std::string help_uri;
  if (!options.docs_base_url.empty())
    help_uri = fmt::format("{}{}.md", options.docs_base_url, r.id);
  else if (!r.references.empty())
    help_uri = std::string(r.references.front().url);
  w.optional("helpUri", help_uri);
  w.key("help")
      .begin_object()
      .key("text")
      .value(help_text(r))
      .key("markdown")
      .value(help_markdown(r))
      .end_object();
  w.key("defaultConfiguration").begin_object().key("level").value(level(r.severity));
  if (!r.enabled_by_default) w.key("enabled").value(false);
  w.end_object();
  w.key("properties").begin_object();
  w.key("tags").begin_array().value("security").value(rules::to_string(r.family)).end_array();
  w.key("precision").value("high");
  w.key("security-severity").value(security_severity(r.severity));
  w.end_object();
  w.end_object();
}

void write_physical(JsonWriter& w, const rules::Location& loc) {
  w.key("physicalLocation").begin_object();
  w.key("artifactLocation").begin_object().key("uri").value(path_to_uri(loc.file));
  if (!loc.file.starts_with('/')) w.key("uriBaseId").value("%SRCROOT%");
  w.end_object();
  const auto& b = loc.range.begin;
  const auto& e = loc.range.end;
  if (b.known()) {
    w.key("region").begin_object();
    w.key("startLine").value(b.line);
    if (b.column) w.key("startColumn").value(b.column);
    if (e.known() && e >= b && e.column) {
      w.key("endLine").value(e.line);
      w.key("endColumn").value(std::max(e.column, e.line == b.line ? b.column : 1u));
    }
    if (!loc.snippet.empty()) w.key("snippet").begin_object().key("text").value(loc.snippet).end_object();
    w.end_object();
  }
  w.end_object();
}

// Results rendered between two writes to the sink: the log is never whole in memory.
constexpr std::size_t kResultsPerWrite = 64;

}  // namespace

std::string_view security_severity(rules::Severity s) {
  // GitHub buckets: >= 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low.
  switch (s) {
    case rules::Severity::Critical:
      return "9.5";
    case rules::Severity::High:
      return "8.0";
    case rules::Severity::Medium:
      return "5.5";
    case rules::Severity::Low:
      return "3.0";
    case rules::Severity::Info:
      return "1.0";
  }
  return "5.5";
}

void write_sarif(const engine::ScanResult& result, const SarifOptions& options, ReportSink& sink) {
  // The catalog first (stable indices), then any rule a finding names that is not in it.
  std::vector<const rules::RuleMeta*> table(rules::all_rules().begin(), rules::all_rules().end());
  std::map<std::string_view, std::size_t> index;
  for (std::size_t i = 0; i < table.size(); ++i) index.emplace(table[i]->id, i);
  for (const auto& f : result.findings)
    if (index.emplace(f.rule->id, table.size()).second) table.push_back(f.rule);

  JsonWriter w;
  w.begin_object();
  w.key("$schema").value("https://json.schemastore.org/sarif-2.1.0.json");
  w.key("version").value("2.1.0");
  w.key("runs").begin_array().begin_object();
  w.key("tool").begin_object().key("driver").begin_object();
  w.key("name").value("bulwark");
  w.key("version").value(options.tool_version);
  w.key("semanticVersion").value(options.tool_version);
  w.key("rules").begin_array();
  for (const rules::RuleMeta* r : table) {
    w.newline();
    write_rule(w, *r, options);
  }
  w.end_array().end_object().end_object();

  w.key("invocations").begin_array().begin_object();
  w.key("executionSuccessful").value(result.load_errors.empty());
  w.key("toolExecutionNotifications").begin_array();
  for (const auto& e : result.load_errors) {
    w.begin_object();
    w.key("level").value("error");
    w.key("message").begin_object().key("text").value(e.message).end_object();
    w.key("locations").begin_array().begin_object();
    rules::Location loc{e.file, {e.position, {}}, {}};
    write_physical(w, loc);
    w.end_object().end_array();
    w.end_object();
  }
  for (const auto& n : result.notices) {
    w.begin_object();
    w.key("level").value("note");
    w.key("message").begin_object().key("text").value(n.file + ": " + n.message).end_object();
    w.end_object();
  }
  w.end_array().end_object().end_array();

  w.key("columnKind").value("unicodeCodePoints");
  w.key("originalUriBaseIds").begin_object().key("%SRCROOT%").begin_object();
  w.key("description").begin_object().key("text").value("The directory bulwark was run from").end_object();
  w.end_object().end_object();

  const std::vector<std::string> prints = fingerprints(result.findings);
  w.key("results").begin_array();
  for (std::size_t i = 0; i < result.findings.size(); ++i) {
    if (i % kResultsPerWrite == 0) w.write_to(sink);
    const rules::Finding& f = result.findings[i];
    w.newline().begin_object();
    w.key("ruleId").value(f.rule->id);
    w.key("ruleIndex").value(static_cast<uint64_t>(index.at(f.rule->id)));
    w.key("level").value(level(f.severity));
    w.key("message").begin_object().key("text").value(f.message).end_object();
    w.key("locations").begin_array().begin_object();
    write_physical(w, f.location);
    if (!f.object.empty()) {
      w.key("logicalLocations").begin_array().begin_object();
      w.key("name").value(f.object);
      w.optional("fullyQualifiedName", f.field_path.empty() ? f.object : f.object + ":" + f.field_path);
      w.key("kind").value("object");
      w.end_object().end_array();
    }
    w.end_object().end_array();
    if (!f.related.empty()) {
      w.key("relatedLocations").begin_array();
      for (std::size_t r = 0; r < f.related.size(); ++r) {
        w.begin_object();
        w.key("id").value(static_cast<uint64_t>(r + 1));
        write_physical(w, f.related[r].location);
        w.key("message").begin_object().key("text").value(f.related[r].message).end_object();
        w.end_object();
      }
      w.end_array();
    }
    w.key("partialFingerprints").begin_object().key("bulwarkFindingHash/v1").value(prints[i]).end_object();
    w.key("properties").begin_object();
    w.key("security-severity").value(security_severity(f.severity));
    w.key("severity").value(rules::to_string(f.severity));
    w.optional("object", f.object);
    w.optional("fieldPath", f.field_path);
    w.end_object();
    w.end_object();
  }
  w.end_array();
  w.end_object().end_array();
  w.end_object();
  w.newline();
  w.write_to(sink);
}

std::string render_sarif(const engine::ScanResult& result, const SarifOptions& options) {
  std::string out;
  StringSink sink(out);
  write_sarif(result, options, sink);
  return out;
}

}  // namespace bulwark::report
