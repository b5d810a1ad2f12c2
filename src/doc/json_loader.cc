#include "doc/json_loader.h"

#include <simdjson.h>

#include <cstdlib>
#include <cstring>
#include <deque>
#include <vector>

#include "doc/json_dom_loader.h"
#include "doc/mapping_assembler.h"
#include "doc/text_position.h"
#include "doc/utf8.h"

namespace bulwark::doc {
namespace {

namespace od = simdjson::ondemand;

bool is_json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// A path segment for duplicate-key warnings: a key, or an index when `key` is empty and index >= 0.
struct PathSegment {
  std::string_view key;
  int64_t index = -1;
};

class JsonTreeBuilder {
 public:
  /// `text` is the padded copy simdjson reads; `source` the same bytes in the document, which
  /// outlive the parse (string nodes point into them when nothing needs unescaping).
  JsonTreeBuilder(Document& doc, std::string_view text, std::string_view source, od::document& json,
                  const LoadLimits& limits)
      : doc_(doc),
        factory_(doc.arena()),
        text_(text),
        source_(source),
        json_(json),
        limits_(limits),
        cursor_(text),
        has_backslash_(std::memchr(text.data(), '\\', text.size()) != nullptr) {}

  simdjson::error_code build(od::value value, uint32_t depth, const Node*& out);
  std::optional<LoadError>& error() { return error_; }
  Position position_of(const char* p) { return cursor_.at(static_cast<std::size_t>(p - text_.data())); }

 private:
  simdjson::error_code build_object(od::value value, uint32_t depth, Position begin, const Node*& out);
  simdjson::error_code build_array(od::value value, uint32_t depth, Position begin, const Node*& out);
  Position container_end();
  std::string path() const;
  /// The document's copy of `[begin, end)` of the padded text when it holds no backslash (then
  /// it is a JSON string's value as written); nullopt when it must be unescaped.
  std::optional<std::string_view> verbatim(const char* begin, const char* end) const {
    const auto size = static_cast<std::size_t>(end - begin);
    if (has_backslash_ && std::memchr(begin, '\\', size)) return std::nullopt;
    return source_.substr(static_cast<std::size_t>(begin - text_.data()), size);
  }

  Document& doc_;
  NodeFactory factory_;
  std::string_view text_;
  std::string_view source_;
  od::document& json_;
  const LoadLimits& limits_;
  ForwardPositionCursor cursor_;
  bool has_backslash_;  // anywhere in the text: else no string needs unescaping
  using Field = MapEntry;
  // The fields (items) of the object (array) being built at each depth, reused by the next one at
  // that depth instead of a vector allocated per container; deques, so that growing them never
  // moves the vectors of the containers still being built above.
  template <typename T>
  static std::vector<T>& scratch_at(std::deque<std::vector<T>>& scratch, uint32_t depth) {
    while (scratch.size() <= depth) scratch.emplace_back();
    scratch[depth].clear();
    return scratch[depth];
  }

  std::vector<MappingAssembler> assemblers_;  // one per depth: objects nest while being built
  std::deque<std::vector<Field>> fields_;
  std::deque<std::vector<const Node*>> items_;
  std::vector<PathSegment> path_;
  std::optional<LoadError> error_;
};

std::string JsonTreeBuilder::path() const {
  std::string out;
  for (const PathSegment& s : path_) {
    if (s.index >= 0) {
      out += "[" + std::to_string(s.index) + "]";
    } else {
      if (!out.empty()) out.push_back('.');
      out += s.key;
    }
  }
  return out;
}

Position JsonTreeBuilder::container_end() {
  // After a container is consumed, the iterator rests on the next token; the closing bracket
  // is the last non-blank byte before it.
  const char* next = nullptr;
  if (json_.current_location().get(next) != simdjson::SUCCESS) next = text_.data() + text_.size();
  const char* p = next;
  while (p > text_.data() && is_json_space(p[-1])) --p;
  return position_of(p);
}

simdjson::error_code JsonTreeBuilder::build_object(od::value value, uint32_t depth, Position begin,
                                                   const Node*& out) {
  od::object object;
  if (auto e = value.get_object().get(object)) return e;
  std::vector<Field>& fields = scratch_at(fields_, depth);
  for (auto field_result : object) {
    od::field field;
    if (auto e = std::move(field_result).get(field)) return e;
    const char* key_start = field.key().raw() - 1;  // raw() points just past the opening quote
    const Position key_begin = position_of(key_start);
    // The key's closing quote: back from the value over the colon and blanks.
    const char* key_end = field.value().raw_json_token().data();
    while (key_end > key_start && is_json_space(key_end[-1])) --key_end;
    if (key_end > key_start && key_end[-1] == ':') --key_end;
    while (key_end > key_start && is_json_space(key_end[-1])) --key_end;
    const Node* key = nullptr;
    if (const auto plain = key_end - key_start >= 2 && key_end[-1] == '"'
                               ? verbatim(key_start + 1, key_end - 1)
                               : std::nullopt) {
      key = factory_.string_in_text(SourceRange{key_begin, key_begin}, *plain, ScalarStyle::Json);
    } else {
      std::string_view name;
      if (auto e = field.unescaped_key().get(name)) return e;
      key = factory_.string(SourceRange{key_begin, key_begin}, name, ScalarStyle::Json);
    }
    path_.push_back(PathSegment{key->text(), -1});
    const Node* child = nullptr;
    if (auto e = build(field.value(), depth + 1, child)) return e;
    path_.pop_back();
    if (error_) return simdjson::SUCCESS;
    fields.push_back(Field{key->text(), key, child});
  }
  if (!has_duplicate_name(fields)) {
    // The usual object: no key twice, so its entries are its fields as written.
    Node* node = factory_.mapping(SourceRange{begin, begin}, fields, true);
    factory_.set_end(node, container_end());
    out = node;
    return simdjson::SUCCESS;
  }
  if (assemblers_.size() <= depth) assemblers_.resize(depth + 1);
  MappingAssembler& assembler = assemblers_[depth];
  assembler.reset();
  for (const Field& f : fields) {
    if (const Node* replaced = assembler.set_explicit(f.name, f.key, f.value))
      doc_.add_warning(LoadWarning{LoadWarning::Kind::DuplicateKey, f.key->range(), replaced->range().begin,
                                   std::string(f.name), path()});
  }
  Node* node = factory_.mapping(SourceRange{begin, begin}, assembler.entries(), true);
  factory_.set_end(node, container_end());
  out = node;
  return simdjson::SUCCESS;
}

simdjson::error_code JsonTreeBuilder::build_array(od::value value, uint32_t depth, Position begin,
                                                  const Node*& out) {
  od::array array;
  if (auto e = value.get_array().get(array)) return e;
  std::vector<const Node*>& items = scratch_at(items_, depth);
  for (auto element : array) {
    od::value v;
    if (auto e = std::move(element).get(v)) return e;
    path_.push_back(PathSegment{{}, static_cast<int64_t>(items.size())});
    const Node* child = nullptr;
    if (auto e = build(v, depth + 1, child)) return e;
    path_.pop_back();
    if (error_) return simdjson::SUCCESS;
    items.push_back(child);
  }
  Node* node = factory_.sequence(SourceRange{begin, begin}, items, true);
  factory_.set_end(node, container_end());
  out = node;
  return simdjson::SUCCESS;
}

simdjson::error_code JsonTreeBuilder::build(od::value value, uint32_t depth, const Node*& out) {
  const std::string_view token = value.raw_json_token();
  const Position begin = position_of(token.data());
  if (depth >= limits_.max_depth) {
    error_ =
        LoadError{doc_.file(), begin, "nesting deeper than " + std::to_string(limits_.max_depth) + " levels"};
    return simdjson::SUCCESS;
  }
  od::json_type type;
  if (auto e = value.type().get(type)) return e;
  std::string_view trimmed = token;
  while (!trimmed.empty() && is_json_space(trimmed.back())) trimmed.remove_suffix(1);
  switch (type) {
    case od::json_type::object:
      return build_object(value, depth, begin, out);
    case od::json_type::array:
      return build_array(value, depth, begin, out);
    case od::json_type::string: {
      const SourceRange range{begin, position_of(trimmed.data() + trimmed.size())};
      if (trimmed.size() >= 2 && trimmed.back() == '"')
        if (const auto plain = verbatim(trimmed.data() + 1, trimmed.data() + trimmed.size() - 1)) {
          out = factory_.string_in_text(range, *plain, ScalarStyle::Json);
          return simdjson::SUCCESS;
        }
      std::string_view s;
      if (auto e = value.get_string().get(s)) return e;
      out = factory_.string(range, s, ScalarStyle::Json);
      return simdjson::SUCCESS;
    }
    case od::json_type::boolean: {
      bool b = false;
      if (auto e = value.get_bool().get(b)) return e;
      out = factory_.boolean(SourceRange{begin, position_of(trimmed.data() + trimmed.size())}, b, trimmed);
      return simdjson::SUCCESS;
    }
    case od::json_type::null: {
      bool is_null = false;
      if (auto e = value.is_null().get(is_null)) return e;
      if (!is_null) return simdjson::N_ATOM_ERROR;
      out = factory_.null(SourceRange{begin, position_of(trimmed.data() + trimmed.size())}, trimmed);
      return simdjson::SUCCESS;
    }
    case od::json_type::number: {
      const SourceRange range{begin, position_of(trimmed.data() + trimmed.size())};
      od::number_type nt;
      if (value.get_number_type().get(nt) == simdjson::SUCCESS && nt == od::number_type::signed_integer) {
        int64_t i = 0;
        if (auto e = value.get_int64().get(i)) return e;
        out = factory_.integer(range, i, trimmed);
        return simdjson::SUCCESS;
      }
      // Go's unstructured JSON: anything beyond int64 is a float64.
      double d = 0;
      if (value.get_double().get(d) != simdjson::SUCCESS) {
        const std::string copy(trimmed);
        char* end = nullptr;
        d = std::strtod(copy.c_str(), &end);
        if (end != copy.c_str() + copy.size()) return simdjson::NUMBER_ERROR;
      }
      out = factory_.number(range, d, trimmed);
      return simdjson::SUCCESS;
    }
  }
  return simdjson::INCORRECT_TYPE;
}

}  // namespace

bool looks_like_json(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  for (const char c : text) {
    if (is_json_space(c)) continue;
    return c == '{' || c == '[';
  }
  return false;
}

DocumentResult load_json_document(std::string file, std::string text, const LoadLimits& limits,
                                  JsonPositions positions) {
  if (positions == JsonPositions::Skip)
    if (auto doc = load_json_without_positions(file, text, limits)) return std::move(*doc);
  if (text.size() > limits.max_document_bytes)
    return std::unexpected(LoadError{file, Position{1, 1},
                                     "file is " + std::to_string(text.size() >> 20) + " MiB, over the " +
                                         std::to_string(limits.max_document_bytes >> 20) + " MiB limit"});
  std::size_t skip = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  Document doc(std::move(file), 0, std::move(text), 1);
  const std::string_view body = doc.text().substr(skip);
  const simdjson::padded_string padded(body);
  od::parser parser;
  od::document json;
  const std::string_view padded_view(padded.data(), padded.size());
  JsonTreeBuilder builder(doc, padded_view, body, json, limits);
  bool iterating = false;
  auto fail = [&](simdjson::error_code e) -> DocumentResult {
    const char* where = nullptr;
    Position p{1, 1};
    std::string reason = simdjson::error_message(e);
    if (e == simdjson::UTF8_ERROR) {
      reason = "invalid UTF-8";
      if (const auto bad = first_invalid_utf8(body)) p = builder.position_of(padded.data() + *bad);
    } else if (iterating && json.current_location().get(where) == simdjson::SUCCESS) {
      p = builder.position_of(where);
    }
    return std::unexpected(LoadError{doc.file(), p, "invalid JSON: " + reason});
  };
  if (auto e = parser.iterate(padded).get(json)) return fail(e);
  iterating = true;
  od::value root;
  const Node* root_node = nullptr;
  od::json_type type;
  if (auto e = json.type().get(type)) return fail(e);
  if (type != od::json_type::object && type != od::json_type::array) {
    // A bare scalar is valid JSON but cannot be a Kubernetes object.
    doc.set_root(nullptr);
    return doc;
  }
  if (auto e = json.get_value().get(root)) return fail(e);
  if (auto e = builder.build(root, 0, root_node)) return fail(e);
  if (builder.error()) return std::unexpected(std::move(*builder.error()));
  // current_location() answers only while tokens remain: at the end it is an error.
  if (const char* rest = nullptr; json.current_location().get(rest) == simdjson::SUCCESS)
    return std::unexpected(
        LoadError{doc.file(), builder.position_of(rest), "invalid JSON: content after the value"});
  doc.set_root(root_node);
  return doc;
}

}  // namespace bulwark::doc
