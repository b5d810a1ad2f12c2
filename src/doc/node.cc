#include "doc/node.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

#include "doc/json_escape.h"

namespace bulwark::doc {

std::string_view to_string(NodeKind kind) {
  switch (kind) {
    case NodeKind::Null:
      return "null";
    case NodeKind::Bool:
      return "bool";
    case NodeKind::Int:
      return "int";
    case NodeKind::Float:
      return "float";
    case NodeKind::String:
      return "string";
    case NodeKind::Sequence:
      return "sequence";
    case NodeKind::Mapping:
      return "mapping";
  }
  return "?";
}

std::optional<bool> Node::as_bool() const {
  if (kind_ != NodeKind::Bool) return std::nullopt;
  return u_.boolean;
}

std::optional<int64_t> Node::as_int() const {
  if (kind_ == NodeKind::Int) return u_.integer;
  if (kind_ == NodeKind::Float) {
    const double d = u_.number;
    // The bounds are exact powers of two, so the comparison is exact.
    if (std::isfinite(d) && std::trunc(d) == d && d >= -9223372036854775808.0 && d < 9223372036854775808.0)
      return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

std::optional<double> Node::as_number() const {
  if (kind_ == NodeKind::Int) return static_cast<double>(u_.integer);
  if (kind_ == NodeKind::Float) return u_.number;
  return std::nullopt;
}

std::optional<std::string_view> Node::as_string() const {
  if (kind_ != NodeKind::String) return std::nullopt;
  return text_;
}

std::span<const Node* const> Node::items() const {
  if (kind_ != NodeKind::Sequence) return {};
  return {u_.items, count_};
}

std::span<const MapEntry> Node::entries() const {
  if (kind_ != NodeKind::Mapping) return {};
  return {u_.entries, count_};
}

namespace {

uint64_t load8(const char* at) {
  uint64_t word;
  std::memcpy(&word, at, sizeof word);
  return word;
}

uint32_t load4(const char* at) {
  uint32_t word;
  std::memcpy(&word, at, sizeof word);
  return word;
}

// The entry named `key` among `entries`, for keys of `Word`-sized to twice that size: the key is
// read as two words, its first and its last (overlapping when shorter than two), once, and each
// name of its length is compared word for word, without a call to memcmp.
template <class Word, Word (*load)(const char*)>
const MapEntry* find_by_words(std::span<const MapEntry> entries, std::string_view key) {
  const std::size_t size = key.size();
  const Word head = load(key.data()), tail = load(key.data() + size - sizeof(Word));
  for (const MapEntry& e : entries)
    if (e.name.size() == size && load(e.name.data()) == head &&
        load(e.name.data() + size - sizeof(Word)) == tail)
      return &e;
  return nullptr;
}

}  // namespace

const MapEntry* Node::entry(std::string_view key) const {
  // The hottest loop of every rule (a webhook review reads some 130 fields): most names differ
  // in length, which settles them at once; field names are short, and those of 4 to 16 bytes are
  // compared as two words.
  const std::size_t size = key.size();
  if (size >= 8 && size <= 16) return find_by_words<uint64_t, load8>(entries(), key);
  if (size >= 4 && size < 8) return find_by_words<uint32_t, load4>(entries(), key);
  if (size == 0) {
    for (const MapEntry& e : entries())
      if (e.name.empty()) return &e;
    return nullptr;
  }
  const char first = key[0];
  for (const MapEntry& e : entries())
    if (e.name.size() == size && e.name[0] == first && std::memcmp(e.name.data(), key.data(), size) == 0)
      return &e;
  return nullptr;
}

const Node* Node::at(std::size_t index) const {
  auto list = items();
  return index < list.size() ? list[index] : nullptr;
}

const Node* Node::find(std::string_view dotted_path) const {
  const Node* current = this;
  while (current && !dotted_path.empty()) {
    const auto dot = dotted_path.find('.');
    current = current->get(dotted_path.substr(0, dot));
    dotted_path = dot == std::string_view::npos ? std::string_view{} : dotted_path.substr(dot + 1);
  }
  return current;
}

namespace {

void append_json(std::string& out, const Node& n) {
  switch (n.kind()) {
    case NodeKind::Null:
      out += "null";
      break;
    case NodeKind::Bool:
      out += *n.as_bool() ? "true" : "false";
      break;
    case NodeKind::Int:
      out += std::to_string(*n.as_int());
      break;
    case NodeKind::Float: {
      const double d = *n.as_number();
      if (!std::isfinite(d)) {
        out += "null";  // JSON has no NaN/Inf; sigs.k8s.io/yaml fails such documents at decode.
      } else {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", d);
        out += buf;
      }
      break;
    }
    case NodeKind::String:
      append_json_string(out, n.text());
      break;
    case NodeKind::Sequence: {
      out.push_back('[');
      bool first = true;
      for (const Node* item : n.items()) {
        if (!first) out.push_back(',');
        first = false;
        append_json(out, *item);
      }
      out.push_back(']');
      break;
    }
    case NodeKind::Mapping: {
      out.push_back('{');
      bool first = true;
      for (const MapEntry& e : n.entries()) {
        if (!first) out.push_back(',');
        first = false;
        append_json_string(out, e.name);
        out.push_back(':');
        append_json(out, *e.value);
      }
      out.push_back('}');
      break;
    }
  }
}

}  // namespace

std::string to_json(const Node& node) {
  std::string out;
  append_json(out, node);
  return out;
}

}  // namespace bulwark::doc
