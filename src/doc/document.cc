#include "doc/document.h"

#include <algorithm>

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

}  // namespace bulwark::doc
