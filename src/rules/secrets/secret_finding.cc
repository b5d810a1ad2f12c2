#include "rules/secrets/secret_finding.h"

#include <fmt/format.h>

#include <algorithm>

#include "secrets/mask.h"

namespace bulwark::rules::secret_rules {
namespace {

void replace_all(std::string& text, std::string_view what, const std::string& with) {
  if (what.empty()) return;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size()))
    text.replace(at, what.size(), with);
}

// Columns count code points; the snippet is UTF-8 bytes.
uint32_t column_of(std::string_view line, std::size_t byte) {
  uint32_t column = 1;
  for (std::size_t i = 0; i < byte && i < line.size(); ++i)
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++column;
  return column;
}

// Where the secret sits in the file: inside a literal block scalar each line of the value is a
// line of the source, so the secret's own line can be shown; elsewhere, the value's start.
doc::SourceRange locate(const doc::Document& document, const ScannedValue& value,
                        const secrets::SecretMatch& match) {
  const doc::SourceRange whole = value.node->range();
  if (value.decoded || value.node->style() != doc::ScalarStyle::Literal) return whole;
  const std::string_view before = value.text.substr(0, match.offset);
  const auto newlines = static_cast<uint32_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t line_start = before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
  const std::size_t line_end = value.text.find('\n', match.offset);
  const std::string_view content = value.text.substr(
      line_start, (line_end == std::string_view::npos ? value.text.size() : line_end) - line_start);
  const uint32_t line = whole.begin.line + 1 + newlines;
  const std::string_view source = document.line_text(line);
  const std::size_t at = content.empty() ? std::string_view::npos : source.find(content);
  if (at == std::string_view::npos) return whole;
  const std::size_t secret_at = at + (match.offset - line_start);
  return doc::SourceRange{{line, column_of(source, secret_at)},
                          {line, column_of(source, std::min(source.size(), secret_at + match.length))}};
}

}  // namespace

void report_secret(FindingSink& sink, const RuleMeta& rule, const k8s::Object& object,
                   const ScannedValue& value, const secrets::SecretMatch& match, std::string field_path,
                   std::string_view where) {
  const std::string_view secret = value.text.substr(match.offset, match.length);
  Finding& f =
      sink.add(rule, object, value.node, std::move(field_path),
               fmt::format("{} in {}: {}", secrets::describe(match.kind), where, secrets::mask(secret)));
  f.location = location_of(object.document(), locate(object.document(), value, match));
  std::string& snippet = f.location.snippet;
  replace_all(snippet, secret, secrets::mask(secret));
  if (value.decoded) replace_all(snippet, value.node->text(), secrets::mask(value.node->text()));
  // A secret written with escapes or split across lines could survive the replacement above.
  if (snippet.find(secret) != std::string::npos ||
      (secret.size() >= 8 && snippet.find(secret.substr(0, 8)) != std::string::npos))
    snippet = "(line hidden: it holds a secret)";
}

}  // namespace bulwark::rules::secret_rules
