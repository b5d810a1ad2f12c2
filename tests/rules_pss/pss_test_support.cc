#include "pss_test_support.h"

#include "rules/catalog.h"

namespace bulwark::rules::pss::testing {

LoadedManifest load(std::string text, std::string_view file) {
  LoadedManifest m;
  // The stream loader, as the engine reads files (it splits the stream into documents first).
  m.text = std::move(text);
  doc::MemoryByteSource source(m.text);
  doc::YamlStreamLoader loader(source, std::string(file));
  while (std::optional<doc::DocumentResult> d = loader.next()) m.documents.push_back(std::move(*d));
  for (const doc::DocumentResult& d : m.documents) {
    if (!d) {
      if (m.error.empty()) m.error = d.error().message;
      continue;
    }
    for (k8s::Object& o : k8s::Object::in(*d)) m.objects.push_back(std::move(o));
  }
  return m;
}

std::vector<Finding> pss_findings(const LoadedManifest& manifest, const CheckContext& ctx) {
  FindingSink sink;
  for (const k8s::Object& object : manifest.objects)
    for (const ObjectRule& rule : object_rules())
      if (rule.meta->id.starts_with("PSS-")) rule.check(object, ctx, sink);
  return sink.take();
}

std::vector<Finding> pss_findings(std::string text, PssLevel level, std::string_view version) {
  LoadedManifest m = load(std::move(text));
  return pss_findings(m, context(level, version));
}

CheckContext context(PssLevel level, std::string_view version) {
  CheckContext c;
  c.pss_level = level;
  c.pss_version = parse_pss_version(version).value();
  return c;
}

std::string describe(const Finding& f) {
  return std::string(f.rule->id) + " " + std::to_string(f.location.range.begin.line) + ":" +
         std::to_string(f.location.range.begin.column) + " " + f.field_path + " | " + f.message;
}

std::vector<std::string> describe(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const Finding& f : findings) out.push_back(describe(f));
  return out;
}

}  // namespace bulwark::rules::pss::testing
