#include "rules/finding.h"

#include "k8s/object.h"

namespace bulwark::rules {
namespace {
// Snippets are for one-line code frames; a minified JSON line must not copy megabytes.
constexpr std::size_t kMaxSnippet = 400;
}  // namespace

Location location_of(const doc::Document& document, doc::SourceRange range) {
  Location loc;
  loc.file = document.file();
  loc.range = range;
  std::string_view line = document.line_text(range.begin.line);
  if (line.size() > kMaxSnippet) line = line.substr(0, kMaxSnippet);
  loc.snippet = std::string(line);
  return loc;
}

Location location_of(const doc::Document& document, const doc::Node* node) {
  if (!node) node = document.root();
  return location_of(document, node ? node->range() : doc::SourceRange{});
}

Finding& FindingSink::add(const RuleMeta& rule, const k8s::Object& object, const doc::Node* node,
                          std::string field_path, std::string message) {
  // Objects with findings mostly have a few: growing 1, 2, 4 moved every Finding twice.
  if (findings_.capacity() == 0) findings_.reserve(4);
  // Built in its place: a Finding is large, and moving one in cost about as much as filling it.
  Finding& f = findings_.emplace_back();
  f.rule = &rule;
  f.severity = rule.severity;
  f.message = std::move(message);
  f.field_path = std::move(field_path);
  if (detail_ == Detail::Full) {
    f.object = object.display_name();
    f.location = location_of(object.document(), node ? node : &object.root());
  }
  return f;
}

Finding& FindingSink::add(Finding finding) {
  findings_.push_back(std::move(finding));
  return findings_.back();
}

}  // namespace bulwark::rules
