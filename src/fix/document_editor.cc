#include "fix/document_editor.h"

#include <algorithm>
#include <limits>

namespace bulwark::fix {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// A value written where its key is (not an alias to an anchor written earlier).
bool owned_value(const doc::MapEntry& e) {
  return e.value->range().begin >= e.key->range().end;
}

// `key: *alias`: the value was written before its key. (An empty `key:` has its null where the
// key ends, so this tells an alias of an empty anchored value from one written in place.)
bool aliased_value(const doc::MapEntry& e) {
  return e.value->range().begin < e.key->range().begin;
}

// The column of a block mapping's own keys: that of its first key written after its start
// (keys merged in with `<<` were written elsewhere, before it).
uint32_t key_column(const doc::Node& mapping) {
  const doc::Node* first = nullptr;
  for (const doc::MapEntry& e : mapping.entries())
    if (e.key && e.key->range().begin >= mapping.range().begin &&
        (!first || e.key->range().begin < first->range().begin))
      first = e.key;
  return first ? first->range().begin.column : 0;
}

// A key written inside the mapping (not brought in by a `<<` merge).
bool owned_key(const doc::Node& mapping, const doc::MapEntry& e) {
  if (!e.key || e.key->range().begin < mapping.range().begin) return false;
  if (mapping.is_flow()) return e.key->range().begin < mapping.range().end;
  return e.key->range().begin.column == key_column(mapping);
}

bool empty_null(const doc::Node& n) {
  return n.is_null() && n.text().empty();
}

std::string spaces(int n) {
  return std::string(static_cast<std::size_t>(std::max(n, 0)), ' ');
}

std::string json_quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace

std::string join_path(std::string_view base, std::string_view key) {
  if (base.empty()) return std::string(key);
  std::string out(base);
  out += '.';
  out += key;
  return out;
}

std::expected<void, std::string> DocumentEditor::set(const doc::Node& mapping, std::string_view base,
                                                     std::span<const std::string_view> path, NewValue value) {
  return apply(mapping, base, path, std::move(value), Mode::Set);
}

std::expected<void, std::string> DocumentEditor::append(const doc::Node& mapping, std::string_view base,
                                                        std::span<const std::string_view> path,
                                                        NewValue item) {
  return apply(mapping, base, path, std::move(item), Mode::Append);
}

namespace {

// Puts `value` at `path` under a mapping that is itself new.
std::expected<void, std::string> place(NewValue& root, std::span<const std::string_view> path, NewValue value,
                                       bool append) {
  NewValue* at = &root;
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    if (at->kind != NewValue::Kind::Mapping) return std::unexpected("conflicting planned values");
    at = &at->child(path[i]);
  }
  if (at->kind != NewValue::Kind::Mapping) return std::unexpected("conflicting planned values");
  if (!append) {
    at->with(std::string(path.back()), std::move(value));
    return {};
  }
  for (auto& [k, v] : at->entries)
    if (k == path.back()) {
      if (v.kind != NewValue::Kind::Sequence) return std::unexpected("conflicting planned values");
      v.items.push_back(std::move(value));
      return {};
    }
  at->with(std::string(path.back()), NewValue::sequence({std::move(value)}));
  return {};
}

}  // namespace

std::expected<void, std::string> DocumentEditor::apply(const doc::Node& mapping, std::string_view base,
                                                       std::span<const std::string_view> path, NewValue value,
                                                       Mode mode) {
  if (path.empty()) return std::unexpected("empty path");
  const doc::Node* node = &mapping;
  std::string at_path(base);
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (!node->is_mapping()) return std::unexpected(at_path + " is not a mapping");
    const doc::MapEntry* e = node->entry(path[i]);
    const std::string here = join_path(at_path, path[i]);
    if (!e) {  // missing from here on: new content under this mapping
      changed_.push_back(here);
      auto it = maps_.try_emplace(node, NewValue::mapping()).first;
      return place(it->second, path.subspan(i), std::move(value), mode == Mode::Append);
    }
    if (!owned_key(*node, *e)) return std::unexpected(here + " comes from a `<<` merge key");
    const bool last = i + 1 == path.size();
    if (!aliased_value(*e) && (empty_null(*e->value) || (e->value->is_null() && owned_value(*e)))) {
      // `key:` or `key: ~`: the value is written as new content after the key.
      if (last && mode == Mode::Set) {
        if (std::ranges::find(changed_, here) != changed_.end()) return {};  // planned already
        changed_.push_back(here);
        return replace_scalar(*e->value, *e->key, value.scalar);
      }
      auto [it, fresh] =
          nulls_.try_emplace(e->key, NullFill{e->key, e->value, NewValue::mapping(), node->is_flow()});
      if (fresh) changed_.push_back(here);
      if (last) {  // append to a sequence written as null
        if (it->second.content.kind == NewValue::Kind::Mapping && it->second.content.entries.empty())
          it->second.content = NewValue::sequence({});
        if (it->second.content.kind != NewValue::Kind::Sequence)
          return std::unexpected("conflicting planned values at " + here);
        it->second.content.items.push_back(std::move(value));
        return {};
      }
      return place(it->second.content, path.subspan(i + 1), std::move(value), mode == Mode::Append);
    }
    if (!owned_value(*e))
      return std::unexpected(here + " is an alias: changing it would change every use of it");
    if (last) {
      if (mode == Mode::Append) {
        if (!e->value->is_sequence()) return std::unexpected(here + " is not a sequence");
        if (std::ranges::find(changed_, here) == changed_.end()) changed_.push_back(here);
        sequences_[e->value].push_back(std::move(value));
        return {};
      }
      if (!e->value->is_scalar()) return std::unexpected(here + " holds a collection, not a value");
      if (e->value->text() == value.scalar || std::ranges::find(changed_, here) != changed_.end()) return {};
      changed_.push_back(here);
      return replace_scalar(*e->value, *e->key, value.scalar);
    }
    node = e->value;
    at_path = here;
  }
  return {};
}

std::expected<void, std::string> DocumentEditor::replace_scalar(const doc::Node& node, const doc::Node& key,
                                                                std::string text) {
  if (empty_null(node)) {  // `key:` with nothing after it
    auto colon = colon_after(key);
    if (!colon) return std::unexpected(colon.error());
    // The value stays on the key's line: before any block inserted at the same offset (at the end
    // of a file without a final line break, that is where the next lines go too).
    replacements_.push_back(TextEdit{*colon + 1, *colon + 1, " " + text, std::numeric_limits<int>::min()});
    return {};
  }
  if (node.style() == doc::ScalarStyle::Literal || node.style() == doc::ScalarStyle::Folded)
    return std::unexpected("block scalars are not edited");
  replacements_.push_back(TextEdit{offset(node.range().begin), offset(node.range().end), std::move(text), 0});
  return {};
}

std::expected<void, std::string> DocumentEditor::replace_string(const doc::Node& scalar,
                                                                std::string_view path,
                                                                std::string_view value) {
  std::string text;
  switch (scalar.style()) {
    case doc::ScalarStyle::Plain:
      text = value;
      break;
    case doc::ScalarStyle::SingleQuoted:
      text = "'" + std::string(value) + "'";
      break;
    case doc::ScalarStyle::DoubleQuoted:
    case doc::ScalarStyle::Json:
      text = json_quote(value);
      break;
    default:
      return std::unexpected(std::string(path) + " is a block scalar");
  }
  const bool needs_quotes = value.find(": ") != std::string_view::npos ||
                            value.find(" #") != std::string_view::npos ||
                            value.find('\n') != std::string_view::npos;
  if ((needs_quotes && scalar.style() == doc::ScalarStyle::Plain) ||
      (value.find('\'') != std::string_view::npos && scalar.style() == doc::ScalarStyle::SingleQuoted))
    return std::unexpected(std::string(path) + ": the new value would need other quoting");
  if (std::ranges::find(changed_, path) != changed_.end()) return {};
  changed_.push_back(std::string(path));
  replacements_.push_back(
      TextEdit{offset(scalar.range().begin), offset(scalar.range().end), std::move(text), 0});
  return {};
}

std::expected<std::size_t, std::string> DocumentEditor::colon_after(const doc::Node& key) const {
  std::size_t at = offset(key.range().end);
  while (at < text_.size() && (text_[at] == ' ' || text_[at] == '\t')) ++at;
  if (at >= text_.size() || text_[at] != ':') return std::unexpected("cannot find the `:` after a key");
  return at;
}

std::size_t DocumentEditor::line_after(std::size_t at) const {
  const std::size_t nl = text_.find('\n', at);
  return nl == std::string_view::npos ? text_.size() : nl + 1;
}

// Comment lines indented deeper than the new lines belong to the content before them: new
// lines go after them.
std::size_t DocumentEditor::after_deeper_comments(std::size_t at, int indent) const {
  while (at < text_.size()) {
    std::size_t p = at;
    while (p < text_.size() && text_[p] == ' ') ++p;
    if (p >= text_.size() || text_[p] != '#' || static_cast<int>(p - at) <= indent) break;
    at = line_after(p);
  }
  return at;
}

// The offset just after the last character that belongs to a node (its last token), so that
// new lines go after it and after any comment on its line, but before comment lines that follow.
std::expected<std::size_t, std::string> DocumentEditor::content_end(const doc::Node& node, int depth) const {
  if (depth > 128) return std::unexpected("document nested too deeply");
  if (!node.is_flow() && node.is_mapping() && node.size() > 0) {
    const doc::MapEntry* last = nullptr;
    const uint32_t column = key_column(node);
    for (const doc::MapEntry& e : node.entries())
      if (e.key && e.key->range().begin >= node.range().begin && e.key->range().begin.column == column &&
          (!last || e.key->range().begin > last->key->range().begin))
        last = &e;
    if (!last) return std::unexpected("a mapping made only of merged keys");
    if (empty_null(*last->value)) return offset(last->key->range().end);
    if (!owned_value(*last)) {  // `key: *alias`: the alias token ends the entry
      auto colon = colon_after(*last->key);
      if (!colon) return colon;
      std::size_t at = *colon + 1;
      while (at < text_.size() && (text_[at] == ' ' || text_[at] == '\t')) ++at;
      if (at >= text_.size() || text_[at] != '*') return std::unexpected("an alias on its own line");
      while (at < text_.size() && !is_space(text_[at])) ++at;
      return at;
    }
    return content_end(*last->value, depth + 1);
  }
  if (!node.is_flow() && node.is_sequence() && node.size() > 0) {
    const doc::Node* last = node.items().back();
    if (last->range().begin < node.range().begin) return std::unexpected("a sequence ending with an alias");
    if (empty_null(*last)) return offset(last->range().begin);
    return content_end(*last, depth + 1);
  }
  std::size_t end = offset(node.range().end);
  const std::size_t begin = offset(node.range().begin);
  while (end > begin && is_space(text_[end - 1])) --end;
  return end;
}

std::string DocumentEditor::render_flow(const NewValue& value, bool json_style) const {
  switch (value.kind) {
    case NewValue::Kind::Scalar:
      return json_style && value.is_string ? json_quote(value.scalar) : value.scalar;
    case NewValue::Kind::Mapping: {
      std::string out = "{";
      for (std::size_t i = 0; i < value.entries.size(); ++i) {
        if (i) out += ", ";
        out += json_style ? json_quote(value.entries[i].key) : value.entries[i].key;
        out += ": " + render_flow(value.entries[i].value, json_style);
      }
      return out + "}";
    }
    case NewValue::Kind::Sequence: {
      std::string out = "[";
      for (std::size_t i = 0; i < value.items.size(); ++i) {
        if (i) out += ", ";
        out += render_flow(value.items[i], json_style);
      }
      return out + "]";
    }
  }
  return {};
}

std::string DocumentEditor::render_entries(const NewValue& mapping, int indent) const {
  std::string out;
  for (const auto& [key, value] : mapping.entries) {
    out += spaces(indent) + key + ":";
    if (value.kind == NewValue::Kind::Scalar) {
      out += " " + value.scalar;
      out += layout_.eol;
    } else if ((value.kind == NewValue::Kind::Mapping && value.entries.empty()) ||
               (value.kind == NewValue::Kind::Sequence && value.items.empty())) {
      out += " " + render_flow(value, false);
      out += layout_.eol;
    } else {
      out += layout_.eol;
      out += render_child(value, indent);
    }
  }
  return out;
}

std::string DocumentEditor::render_child(const NewValue& value, int key_indent) const {
  if (value.kind == NewValue::Kind::Mapping) return render_entries(value, key_indent + layout_.indent_step);
  return render_items(value, key_indent + layout_.sequence_indent);
}

std::string DocumentEditor::render_items(const NewValue& sequence, int dash_indent) const {
  std::string out;
  for (const NewValue& item : sequence.items) {
    if (item.kind == NewValue::Kind::Mapping && !item.entries.empty()) {
      std::string block = render_entries(item, dash_indent + layout_.item_content);
      // The first key goes on the dash's line.
      block.replace(0, static_cast<std::size_t>(dash_indent + layout_.item_content),
                    spaces(dash_indent) + "-" + spaces(layout_.item_content - 1));
      out += block;
    } else {
      out += spaces(dash_indent) + "- " + render_flow(item, false);
      out += layout_.eol;
    }
  }
  return out;
}

std::string DocumentEditor::with_leading_eol(std::size_t at, std::string block) const {
  if (at == text_.size() && !text_.empty() && text_.back() != '\n') return std::string(layout_.eol) + block;
  return block;
}

std::expected<TextEdit, std::string> DocumentEditor::flow_insert(const doc::Node& collection,
                                                                 std::string content) const {
  const char open = collection.is_mapping() ? '{' : '[';
  const char close = collection.is_mapping() ? '}' : ']';
  std::size_t end = offset(collection.range().end);
  if (end == 0 || text_[end - 1] != close) return std::unexpected("cannot find the end of a flow collection");
  std::size_t p = end - 1;
  while (p > 0 && is_space(text_[p - 1])) --p;
  // A comment before the closing bracket would swallow what we add: the edit is ambiguous.
  const std::size_t line_start = text_.rfind('\n', p == 0 ? 0 : p - 1);
  const std::string_view line = text_.substr(line_start == std::string_view::npos ? 0 : line_start + 1,
                                             p - (line_start == std::string_view::npos ? 0 : line_start + 1));
  if (line.find('#') != std::string_view::npos) return std::unexpected("a flow collection with comments");
  const char before = p > 0 ? text_[p - 1] : open;
  std::string insert = before == open ? content : before == ',' ? " " + content : ", " + content;
  return TextEdit{p, p, std::move(insert), 0};
}

std::expected<std::vector<TextEdit>, std::string> DocumentEditor::finish() const {
  std::vector<TextEdit> edits = replacements_;
  for (const auto& [node, content] : maps_) {
    if (node->is_flow()) {
      bool json_style = false;
      if (node->size() > 0 && node->entries().front().key)
        json_style = node->entries().front().key->style() == doc::ScalarStyle::DoubleQuoted ||
                     node->entries().front().key->style() == doc::ScalarStyle::Json;
      std::string inner = render_flow(content, json_style);
      auto edit = flow_insert(*node, inner.substr(1, inner.size() - 2));
      if (!edit) return std::unexpected(edit.error());
      edits.push_back(std::move(*edit));
      continue;
    }
    int indent = -1;
    for (const doc::MapEntry& e : node->entries())
      if (owned_key(*node, e)) {
        indent = static_cast<int>(e.key->range().begin.column) - 1;
        break;
      }
    if (indent < 0) return std::unexpected("a mapping made only of merged keys");
    auto end = content_end(*node, 0);
    if (!end) return std::unexpected(end.error());
    const std::size_t at = after_deeper_comments(line_after(*end), indent);
    edits.push_back(TextEdit{at, at, with_leading_eol(at, render_entries(content, indent)), -2 * indent});
  }
  for (const auto& [node, items] : sequences_) {
    const NewValue sequence = NewValue::sequence(items);
    if (node->is_flow()) {
      std::string inner = render_flow(sequence, false);
      auto edit = flow_insert(*node, inner.substr(1, inner.size() - 2));
      if (!edit) return std::unexpected(edit.error());
      edits.push_back(std::move(*edit));
      continue;
    }
    if (node->size() == 0 || node->items().front()->range().begin < node->range().begin)
      return std::unexpected("a sequence starting with an alias");
    // The dash sits two columns left of a scalar item or of a mapping item's first key
    // (wider gaps such as `-   name:` are read from the first item).
    const doc::Node& first = *node->items().front();
    const std::size_t line_start = offset(doc::Position{first.range().begin.line, 1});
    const std::size_t dash = text_.find('-', line_start);
    if (dash == std::string_view::npos || dash >= offset(first.range().begin))
      return std::unexpected("cannot find a sequence's dash");
    const int dash_indent = static_cast<int>(dash - line_start);
    auto end = content_end(*node, 0);
    if (!end) return std::unexpected(end.error());
    const std::size_t at = after_deeper_comments(line_after(*end), dash_indent);
    edits.push_back(
        TextEdit{at, at, with_leading_eol(at, render_items(sequence, dash_indent)), -2 * dash_indent - 1});
  }
  for (const auto& [key, fill] : nulls_) {
    if (fill.in_flow) {  // `{a: null}` → `{a: {b: c}}`
      if (empty_null(*fill.value)) return std::unexpected("an empty value in a flow mapping");
      edits.push_back(TextEdit{offset(fill.value->range().begin), offset(fill.value->range().end),
                               render_flow(fill.content, false), 0});
      continue;
    }
    auto colon = colon_after(*fill.key);
    if (!colon) return std::unexpected(colon.error());
    if (!empty_null(*fill.value)) {  // `key: ~` / `key: null`: the token goes, the block follows
      if (fill.value->range().begin.line != fill.key->range().begin.line)
        return std::unexpected("a null value on its own line");
      edits.push_back(TextEdit{*colon + 1, offset(fill.value->range().end), "", 0});
    }
    const int key_indent = static_cast<int>(fill.key->range().begin.column) - 1;
    const std::size_t at = after_deeper_comments(line_after(*colon), key_indent);
    edits.push_back(
        TextEdit{at, at, with_leading_eol(at, render_child(fill.content, key_indent)), -2 * key_indent - 1});
  }
  // A file without a final line break needs one before the lines appended, once: only the first
  // line insertion at the end (the lowest order) keeps it. A value completing the last line
  // (`key:` → `key: true`) is not a line insertion.
  TextEdit* first_at_end = nullptr;
  for (TextEdit& e : edits)
    if (e.begin == text_.size() && e.end == e.begin && e.replacement.starts_with(layout_.eol) &&
        (!first_at_end || e.order < first_at_end->order))
      first_at_end = &e;
  if (first_at_end && !text_.empty() && text_.back() != '\n')
    for (TextEdit& e : edits)
      if (&e != first_at_end && e.begin == text_.size() && e.end == e.begin &&
          e.replacement.starts_with(layout_.eol))
        e.replacement.erase(0, layout_.eol.size());
  return edits;
}

}  // namespace bulwark::fix
