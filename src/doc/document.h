#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "doc/node.h"
#include "doc/node_arena.h"
#include "doc/source_range.h"

namespace bulwark::doc {

/// Something in a document that loads but deserves a warning (it is not an error: Kubernetes
/// accepts it), such as a duplicate key that hides an earlier value.
struct LoadWarning {
  enum class Kind : uint8_t { DuplicateKey };
  Kind kind = Kind::DuplicateKey;
  SourceRange range;  // the key that wins (the last one)
  Position first;     // the key it overrides
  std::string key;
  std::string path;  // dotted path of the mapping holding the key ("" for the root)
};

/// One YAML document (or one JSON value) with its own arena. Nodes are valid as long as the
/// Document lives; Documents are move-only so the arena never dangles.
class Document {
 public:
  Document(std::string file, uint32_t index_in_file, std::string text, uint32_t first_line);
  /// Documents cut from one chunk (separated by `...`) share its text instead of copying it.
  Document(std::string file, uint32_t index_in_file, std::shared_ptr<const std::string> text,
           uint32_t first_line);
  Document(Document&&) noexcept = default;
  Document& operator=(Document&&) noexcept = default;
  ~Document();

  const std::string& file() const { return file_; }
  /// 0-based position of the document in its file or stream.
  uint32_t index() const { return index_; }
  const Node* root() const { return root_; }
  std::span<const LoadWarning> warnings() const { return warnings_; }

  /// The document's source text; line `first_line()` of the file is its first line.
  std::string_view text() const { return *text_; }
  uint32_t first_line() const { return first_line_; }
  /// The text of one line of the file (without its line break), or "" when the line lies
  /// outside this document.
  std::string_view line_text(uint32_t line) const;

  NodeArena* arena() { return arena_.get(); }
  void set_root(const Node* root) { root_ = root; }
  void add_warning(LoadWarning w) { warnings_.push_back(std::move(w)); }

 private:
  std::string file_;
  uint32_t index_ = 0;
  std::shared_ptr<const std::string> text_;
  uint32_t first_line_ = 1;
  std::unique_ptr<NodeArena> arena_;
  const Node* root_ = nullptr;
  std::vector<LoadWarning> warnings_;
  mutable std::vector<uint32_t> line_starts_;  // built on first line_text() call
};

/// Builds nodes in a document's arena; the only way nodes come to exist. Every method is inline:
/// loaders call them a few hundred times per kilobyte of text, and a call each was a visible part
/// of building a tree.
class NodeFactory {
 public:
  explicit NodeFactory(NodeArena* arena) : arena_(arena) {}

  Node* null(SourceRange range, std::string_view text = {}) { return null_at(room(), range, text); }
  Node* boolean(SourceRange range, bool value, std::string_view text) {
    return boolean_at(room(), range, value, text);
  }
  Node* integer(SourceRange range, int64_t value, std::string_view text) {
    return integer_at(room(), range, value, text);
  }
  Node* number(SourceRange range, double value, std::string_view text) {
    Node* n = make(room(), NodeKind::Float, range);
    n->u_.number = value;
    n->text_ = intern(text);
    return n;
  }
  Node* string(SourceRange range, std::string_view value, ScalarStyle style) {
    return string_in_text(range, intern(value), style);
  }
  /// A string node whose value is already owned by the document (a slice of its text, or bytes
  /// interned in its arena): not copied.
  Node* string_in_text(SourceRange range, std::string_view slice_of_text, ScalarStyle style) {
    return string_in_text_at(room(), range, slice_of_text, style);
  }
  Node* sequence(SourceRange range, std::span<const Node* const> items, bool flow) {
    std::span<const Node*> memory = item_array(items.size());
    std::copy(items.begin(), items.end(), memory.begin());
    return sequence_at(room(), range, memory, flow);
  }
  Node* mapping(SourceRange range, std::span<const MapEntry> entries, bool flow) {
    MapEntry* memory = entry_room(entries.size());
    std::uninitialized_copy(entries.begin(), entries.end(), memory);
    return mapping_at(room(), range, {memory, entries.size()}, flow);
  }

  /// Room in the arena for a collection's `count` items or entries, for a loader that knows the
  /// size before it builds the members: it fills them in place and hands them to sequence_at or
  /// mapping_at, which keep them without a copy. The entries are not constructed: the loader
  /// constructs each one (std::construct_at) before it hands them over.
  std::span<const Node*> item_array(std::size_t count) {
    auto** memory = static_cast<const Node**>(
        arena_->allocate(sizeof(Node*) * std::max<std::size_t>(1, count), alignof(Node*)));
    return {memory, count};
  }
  MapEntry* entry_room(std::size_t count) {
    return static_cast<MapEntry*>(
        arena_->allocate(sizeof(MapEntry) * std::max<std::size_t>(1, count), alignof(MapEntry)));
  }
  /// Room for `count` nodes in one piece of the arena, for a loader that knows how many members a
  /// collection has: it builds each in its place with the *_at builders below (one allocation for
  /// all of them instead of one each). Nothing may read a place before it is built.
  Node* node_room(std::size_t count) {
    return count ? static_cast<Node*>(arena_->allocate(sizeof(Node) * count, alignof(Node))) : nullptr;
  }

  /// The builders above, each building its node at `place` (from node_room) instead of in room of
  /// its own.
  Node* null_at(Node* place, SourceRange range, std::string_view text) {
    Node* n = make(place, NodeKind::Null, range);
    n->text_ = intern(text);
    return n;
  }
  Node* boolean_at(Node* place, SourceRange range, bool value, std::string_view text) {
    Node* n = make(place, NodeKind::Bool, range);
    n->u_.boolean = value;
    n->text_ = intern(text);
    return n;
  }
  Node* integer_at(Node* place, SourceRange range, int64_t value, std::string_view text) {
    Node* n = make(place, NodeKind::Int, range);
    n->u_.integer = value;
    n->text_ = intern(text);
    return n;
  }
  Node* string_in_text_at(Node* place, SourceRange range, std::string_view slice_of_text, ScalarStyle style) {
    Node* n = make(place, NodeKind::String, range);
    n->text_ = slice_of_text;
    n->style_ = style;
    return n;
  }
  Node* sequence_at(Node* place, SourceRange range, std::span<const Node*> items_in_arena, bool flow) {
    Node* n = make(place, NodeKind::Sequence, range);
    n->u_.items = items_in_arena.data();
    n->count_ = static_cast<uint32_t>(items_in_arena.size());
    n->flow_ = flow;
    return n;
  }
  Node* mapping_at(Node* place, SourceRange range, std::span<MapEntry> entries_in_arena, bool flow) {
    Node* n = make(place, NodeKind::Mapping, range);
    n->u_.entries = entries_in_arena.data();
    n->count_ = static_cast<uint32_t>(entries_in_arena.size());
    n->flow_ = flow;
    return n;
  }
  void set_style(Node* node, ScalarStyle style) { node->style_ = style; }
  void set_end(Node* node, Position end) { node->range_.end = end; }

  /// Copies a string into the arena.
  std::string_view intern(std::string_view s) {
    if (s.empty()) return {};
    char* memory = static_cast<char*>(arena_->allocate(s.size(), 1));
    std::memcpy(memory, s.data(), s.size());
    return {memory, s.size()};
  }

 private:
  Node* room() { return static_cast<Node*>(arena_->allocate(sizeof(Node), alignof(Node))); }
  static Node* make(Node* place, NodeKind kind, SourceRange range) {
    Node* node = ::new (static_cast<void*>(place)) Node();
    node->kind_ = kind;
    node->range_ = range;
    return node;
  }
  NodeArena* arena_;
};

}  // namespace bulwark::doc
