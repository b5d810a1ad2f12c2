#include "cli/baseline.h"

#include <simdjson.h>

#include "doc/byte_source.h"
#include "report/fingerprint.h"
#include "report/json_writer.h"

namespace bulwark::cli {

std::expected<Baseline, std::string> read_baseline(const std::string& path) {
  auto source = doc::FileByteSource::open(path);
  if (!source) return std::unexpected(path + ": " + source.error());
  auto text = doc::read_all(*source, std::size_t{256} << 20);
  if (!text) return std::unexpected(path + ": " + text.error());
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto e = parser.parse(*text).get(root); e)
    return std::unexpected(path + ": not a baseline (invalid JSON: " + simdjson::error_message(e) + ")");
  int64_t version = 0;
  simdjson::dom::array findings;
  if (root["schemaVersion"].get(version) || version != 1 || root["findings"].get(findings))
    return std::unexpected(path + ": not a bulwark baseline (schemaVersion 1 with a findings array)");
  Baseline b;
  for (simdjson::dom::element f : findings) {
    std::string_view print;
    if (f["fingerprint"].get(print)) return std::unexpected(path + ": a finding without a fingerprint");
    b.fingerprints.emplace(print);
  }
  return b;
}

std::string render_baseline(const engine::ScanResult& result, std::string_view tool_version) {
  const auto prints = report::fingerprints(result.findings);
  report::JsonWriter w;
  w.begin_object()
      .key("schemaVersion")
      .value(1)
      .key("generatedBy")
      .value("bulwark " + std::string(tool_version));
  w.key("findings").begin_array();
  for (std::size_t i = 0; i < prints.size(); ++i) {
    const auto& f = result.findings[i];
    w.newline().begin_object();
    w.key("fingerprint").value(prints[i]).key("ruleId").value(f.rule->id).key("file").value(f.location.file);
    w.optional("object", f.object);
    w.end_object();
  }
  w.newline().end_array().end_object().newline();
  return w.take();
}

std::size_t apply_baseline(const Baseline& baseline, engine::ScanResult& result) {
  const auto prints = report::fingerprints(result.findings);
  std::vector<rules::Finding> kept;
  kept.reserve(result.findings.size());
  for (std::size_t i = 0; i < prints.size(); ++i)
    if (!baseline.fingerprints.contains(prints[i])) kept.push_back(std::move(result.findings[i]));
  const std::size_t removed = result.findings.size() - kept.size();
  result.findings = std::move(kept);
  result.stats.suppressed += removed;
  return removed;
}

}  // namespace bulwark::cli
