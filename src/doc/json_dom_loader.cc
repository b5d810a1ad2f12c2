#include "doc/json_dom_loader.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <vector>

#include "doc/mapping_assembler.h"

namespace bulwark::doc {
namespace {

namespace dom = simdjson::dom;

// Documents up to this size reuse one parser per thread (its tape and buffers stay allocated, a
// few times this size); larger ones, rare for the callers of this path, get a parser of their own
// so that one huge request does not pin its memory for the life of the thread.
constexpr std::size_t kReusedParserLimit = std::size_t{64} << 10;

/// What one thread keeps between parses.
struct DomScratch {
  dom::parser parser;
  std::string padded;              // the text plus simdjson's padding
  std::vector<MapEntry> fields;    // the fields of the objects being built, innermost last
  std::vector<const Node*> items;  // the same for arrays
};

bool is_json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// simdjson reads "-0" as the integer 0, so the tree would say "0" where the text says "-0" (the
// On-Demand loader keeps the text). A number starts after '[', ':' or ','; a string holding
// such a sequence is a false alarm that only costs the slower path.
bool has_negative_zero(std::string_view text) {
  for (std::size_t i = text.find('-'); i != std::string_view::npos; i = text.find('-', i + 1)) {
    if (i + 1 >= text.size() || text[i + 1] != '0') continue;
    if (i + 2 < text.size() && (std::isdigit(static_cast<unsigned char>(text[i + 2])) || text[i + 2] == '.' ||
                                text[i + 2] == 'e' || text[i + 2] == 'E'))
      continue;
    std::size_t j = i;
    while (j > 0 && is_json_space(text[j - 1])) --j;
    if (j > 0 && (text[j - 1] == ':' || text[j - 1] == '[' || text[j - 1] == ',')) return true;
  }
  return false;
}

class DomTreeBuilder {
 public:
  DomTreeBuilder(NodeFactory& factory, DomScratch& scratch, uint32_t max_depth)
      : factory_(factory), fields_(scratch.fields), items_(scratch.items), max_depth_(max_depth) {}

  /// Whether an integer 0 was built: it may have been written "-0".
  bool saw_zero() const { return saw_zero_; }

  /// The node for `element`, or nullptr when the On-Demand loader has to build this document.
  const Node* build(dom::element element, uint32_t depth) {
    if (depth >= max_depth_) return nullptr;
    switch (element.type()) {
      case dom::element_type::OBJECT:
        return build_object(element.get_object().value_unsafe(), depth);
      case dom::element_type::ARRAY:
        return build_array(element.get_array().value_unsafe(), depth);
      case dom::element_type::STRING:
        return factory_.string({}, element.get_string().value_unsafe(), ScalarStyle::Json);
      case dom::element_type::INT64: {
        const int64_t value = element.get_int64().value_unsafe();
        saw_zero_ |= value == 0;
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
        return factory_.integer({}, value, std::string_view(digits, static_cast<std::size_t>(end - digits)));
      }
      case dom::element_type::BOOL: {
        const bool value = element.get_bool().value_unsafe();
        return factory_.boolean({}, value, value ? "true" : "false");
      }
      case dom::element_type::NULL_VALUE:
        return factory_.null({}, "null");
      case dom::element_type::UINT64:  // beyond int64: a float whose text we do not have
      case dom::element_type::DOUBLE:
        return nullptr;
    }
    return nullptr;
  }

 private:
  const Node* build_object(dom::object object, uint32_t depth) {
    // Fields of nested objects are pushed above ours and popped before we push the next one.
    const std::size_t base = fields_.size();
    for (const dom::key_value_pair field : object) {
      const Node* value = build(field.value, depth + 1);
      if (!value) return nullptr;
      const Node* key = factory_.string({}, field.key, ScalarStyle::Json);
      fields_.push_back(MapEntry{key->text(), key, value});
    }
    const std::span<const MapEntry> fields(fields_.data() + base, fields_.size() - base);
    if (has_duplicate_name(fields)) return nullptr;
    const Node* node = factory_.mapping({}, fields, true);
    fields_.resize(base);
    return node;
  }

  const Node* build_array(dom::array array, uint32_t depth) {
    const std::size_t base = items_.size();
    for (const dom::element element : array) {
      const Node* item = build(element, depth + 1);
      if (!item) return nullptr;
      items_.push_back(item);
    }
    const Node* node =
        factory_.sequence({}, std::span<const Node* const>(items_.data() + base, items_.size() - base), true);
    items_.resize(base);
    return node;
  }

  NodeFactory& factory_;
  std::vector<MapEntry>& fields_;
  std::vector<const Node*>& items_;
  uint32_t max_depth_;
  bool saw_zero_ = false;
};

std::optional<Document> build_document(DomScratch& scratch, std::string& file, std::string& text,
                                       const LoadLimits& limits) {
  scratch.padded.assign(text);
  scratch.padded.resize(text.size() + simdjson::SIMDJSON_PADDING, '\0');
  dom::element root;
  if (scratch.parser.parse(scratch.padded.data(), text.size(), false).get(root) != simdjson::SUCCESS)
    return std::nullopt;
  if (!root.is_object() && !root.is_array()) return std::nullopt;
  Document doc(std::move(file), 0, std::move(text), 1);
  NodeFactory factory(doc.arena());
  scratch.fields.clear();
  scratch.items.clear();
  DomTreeBuilder builder(factory, scratch, limits.max_depth);
  if (const Node* node = builder.build(root, 0);
      node && !(builder.saw_zero() && has_negative_zero(doc.text()))) {
    doc.set_root(node);
    return doc;
  }
  // Give the caller back what it lent, for the On-Demand loader.
  file = doc.file();
  text = std::string(doc.text());
  return std::nullopt;
}

}  // namespace

std::optional<Document> load_json_without_positions(std::string& file, std::string& text,
                                                    const LoadLimits& limits) {
  if (text.size() > limits.max_document_bytes || text.starts_with("\xEF\xBB\xBF")) return std::nullopt;
  if (text.size() <= kReusedParserLimit) {
    thread_local DomScratch scratch;
    return build_document(scratch, file, text, limits);
  }
  DomScratch scratch;
  return build_document(scratch, file, text, limits);
}

}  // namespace bulwark::doc
