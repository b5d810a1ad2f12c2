#pragma once

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

/// Builds nodes in a document's arena; the only way nodes come to exist.
class NodeFactory {
 public:
  explicit NodeFactory(NodeArena* arena) : arena_(arena) {}

  Node* null(SourceRange range, std::string_view text = {});
  Node* boolean(SourceRange range, bool value, std::string_view text);
  Node* integer(SourceRange range, int64_t value, std::string_view text);
  Node* number(SourceRange range, double value, std::string_view text);
  Node* string(SourceRange range, std::string_view value, ScalarStyle style);
  /// A string node whose value is a slice of the document's own text (not copied).
  Node* string_in_text(SourceRange range, std::string_view slice_of_text, ScalarStyle style);
  Node* sequence(SourceRange range, std::span<const Node* const> items, bool flow);
  Node* mapping(SourceRange range, std::span<const MapEntry> entries, bool flow);
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
  Node* make(NodeKind kind, SourceRange range) {
    Node* node = ::new (arena_->allocate(sizeof(Node), alignof(Node))) Node();
    node->kind_ = kind;
    node->range_ = range;
    return node;
  }
  NodeArena* arena_;
};

}  // namespace bulwark::doc
