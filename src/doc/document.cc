#include "doc/document.h"

#include <algorithm>
#include <cstring>

namespace bulwark::doc {

Document::Document(std::string file, uint32_t index_in_file, std::string text, uint32_t first_line)
    : Document(std::move(file), index_in_file, std::make_shared<const std::string>(std::move(text)),
               first_line) {}

Document::Document(std::string file, uint32_t index_in_file, std::shared_ptr<const std::string> text,
                   uint32_t first_line)
    : file_(std::move(file)),
      index_(index_in_file),
      text_(std::move(text)),
      first_line_(first_line),
      // Manifests expand roughly 3x from text to nodes; start there to avoid regrowth.
      arena_(std::make_unique<NodeArena>(std::max<std::size_t>(4096, text_->size() * 3))) {}

Document::~Document() = default;

std::string_view Document::line_text(uint32_t line) const {
  if (line < first_line_) return {};
  const std::string& text = *text_;
  if (line_starts_.empty()) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') line_starts_.push_back(static_cast<uint32_t>(i + 1));
  }
  const std::size_t index = line - first_line_;
  if (index >= line_starts_.size()) return {};
  const std::size_t begin = line_starts_[index];
  std::size_t end = index + 1 < line_starts_.size() ? line_starts_[index + 1] - 1 : text.size();
  if (end > begin && text[end - 1] == '\r') --end;
  return std::string_view(text).substr(begin, end - begin);
}

Node* NodeFactory::null(SourceRange range, std::string_view text) {
  Node* n = make(NodeKind::Null, range);
  n->text_ = intern(text);
  return n;
}

Node* NodeFactory::boolean(SourceRange range, bool value, std::string_view text) {
  Node* n = make(NodeKind::Bool, range);
  n->u_.boolean = value;
  n->text_ = intern(text);
  return n;
}

Node* NodeFactory::integer(SourceRange range, int64_t value, std::string_view text) {
  Node* n = make(NodeKind::Int, range);
  n->u_.integer = value;
  n->text_ = intern(text);
  return n;
}

Node* NodeFactory::number(SourceRange range, double value, std::string_view text) {
  Node* n = make(NodeKind::Float, range);
  n->u_.number = value;
  n->text_ = intern(text);
  return n;
}

Node* NodeFactory::string(SourceRange range, std::string_view value, ScalarStyle style) {
  Node* n = make(NodeKind::String, range);
  n->text_ = intern(value);
  n->style_ = style;
  return n;
}

Node* NodeFactory::string_in_text(SourceRange range, std::string_view slice_of_text, ScalarStyle style) {
  Node* n = make(NodeKind::String, range);
  n->text_ = slice_of_text;
  n->style_ = style;
  return n;
}

Node* NodeFactory::sequence(SourceRange range, std::span<const Node* const> items, bool flow) {
  Node* n = make(NodeKind::Sequence, range);
  auto** memory = static_cast<const Node**>(
      arena_->allocate(sizeof(Node*) * std::max<std::size_t>(1, items.size()), alignof(Node*)));
  std::copy(items.begin(), items.end(), memory);
  n->u_.items = memory;
  n->count_ = static_cast<uint32_t>(items.size());
  n->flow_ = flow;
  return n;
}

Node* NodeFactory::mapping(SourceRange range, std::span<const MapEntry> entries, bool flow) {
  Node* n = make(NodeKind::Mapping, range);
  auto* memory = static_cast<MapEntry*>(
      arena_->allocate(sizeof(MapEntry) * std::max<std::size_t>(1, entries.size()), alignof(MapEntry)));
  std::uninitialized_copy(entries.begin(), entries.end(), memory);
  n->u_.entries = memory;
  n->count_ = static_cast<uint32_t>(entries.size());
  n->flow_ = flow;
  return n;
}

}  // namespace bulwark::doc
