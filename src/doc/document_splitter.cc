#include "doc/document_splitter.h"

#include <cstring>

namespace bulwark::doc {
namespace {

constexpr std::size_t kReadSize = 1 << 20;

bool is_document_start(std::string_view line) {
  if (!line.starts_with("---")) return false;
  if (line.size() == 3) return true;
  const char c = line[3];
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// A directive (%YAML, %TAG) belongs to the document that follows it.
bool is_directive(std::string_view line) {
  return line.starts_with('%');
}

// Lines that carry no content: blank lines and comments.
bool is_blank_or_comment(std::string_view line) {
  for (const char c : line) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '#';
  }
  return true;
}

}  // namespace

DocumentSplitter::DocumentSplitter(ByteSource& source, std::size_t max_chunk_bytes)
    : source_(source), max_chunk_bytes_(max_chunk_bytes) {}

bool DocumentSplitter::fill() {
  if (eof_) return false;
  const std::size_t old = buffer_.size();
  buffer_.resize(old + kReadSize);
  auto n = source_.read(std::span<char>(buffer_.data() + old, kReadSize));
  if (!n) {
    read_error_ = n.error();
    eof_ = true;
    buffer_.resize(old);
    return false;
  }
  buffer_.resize(old + *n);
  if (*n == 0) eof_ = true;
  return *n != 0;
}

std::expected<std::optional<DocumentChunk>, std::string> DocumentSplitter::next() {
  DocumentChunk chunk;
  chunk.first_line = next_line_;
  bool has_content = false;  // the chunk holds more than directives, comments and blank lines
  std::size_t pos = start_;  // start of the current line within buffer_
  std::size_t run = pos;     // first byte of the chunk not yet copied into chunk.text
  uint32_t lines = 0;
  // Copies the chunk's bytes in one piece per buffer fill, not line by line.
  auto flush = [&] {
    if (!chunk.oversized) chunk.text.append(buffer_, run, pos - run);
    run = pos;
  };
  for (;;) {
    // Find the end of the line starting at pos, reading more input as needed. Consumed bytes
    // are dropped only when more must be read, so each byte is moved at most once.
    const char* nl = nullptr;
    while (true) {
      nl = static_cast<const char*>(std::memchr(buffer_.data() + pos, '\n', buffer_.size() - pos));
      if (nl || eof_) break;
      flush();
      buffer_.erase(0, pos);
      pos = run = 0;
      if (!fill()) break;
    }
    if (!read_error_.empty()) return std::unexpected(read_error_);
    const std::size_t line_end = nl ? static_cast<std::size_t>(nl - buffer_.data()) + 1 : buffer_.size();
    if (line_end == pos) break;  // end of input
    const std::string_view line(buffer_.data() + pos, line_end - pos);

    // A `---` or a directive after content begins the next document; before any content
    // (leading comments, directives) it begins this one.
    if (has_content && (is_document_start(line) || is_directive(line))) break;
    if (!is_blank_or_comment(line) && !is_directive(line)) has_content = true;

    chunk.bytes += line.size();
    if (!chunk.oversized && chunk.bytes > max_chunk_bytes_) {
      chunk.oversized = true;
      chunk.text.clear();
      chunk.text.shrink_to_fit();
    }
    ++lines;
    pos = line_end;
  }
  flush();
  start_ = pos;
  next_line_ += lines;
  if (lines == 0) return std::optional<DocumentChunk>{};
  return std::optional<DocumentChunk>{std::move(chunk)};
}

}  // namespace bulwark::doc
