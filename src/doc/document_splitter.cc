#include "doc/document_splitter.h"

#include <cstring>
#include <optional>

namespace bulwark::doc {
namespace {

constexpr std::size_t kReadSize = 1 << 20;
// Enough of a line's start to tell whether it begins a document (`---` and one more byte) or is
// a directive.
constexpr std::size_t kLineHeadBytes = 4;

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

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Lines that carry no content: blank lines and comments.
bool is_blank_or_comment(std::string_view line) {
  for (const char c : line) {
    if (is_blank(c)) continue;
    return c == '#';
  }
  return true;
}

// Whether a line is content, from a piece of it: nullopt while only blanks have been seen.
std::optional<bool> content_in(std::string_view piece) {
  for (const char c : piece)
    if (!is_blank(c)) return c != '#';
  return std::nullopt;
}

}  // namespace

DocumentSplitter::DocumentSplitter(ByteSource& source, std::size_t max_chunk_bytes)
    : source_(source), max_chunk_bytes_(max_chunk_bytes) {}

bool DocumentSplitter::fill() {
  if (eof_) return false;
  const std::size_t old = buffer_.size();
  std::size_t got = 0;
  // Read straight into the buffer's new tail: resize() would zero-fill a megabyte per read, which
  // dominated the cost of scanning many small files.
  buffer_.resize_and_overwrite(old + kReadSize, [&](char* data, std::size_t) {
    auto n = source_.read(std::span<char>(data + old, kReadSize));
    if (!n) {
      read_error_ = n.error();
      eof_ = true;
    } else {
      got = *n;
    }
    return old + got;
  });
  if (got == 0) eof_ = true;
  return got != 0;
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
  // Counts bytes into the chunk; past the limit its text is dropped and no longer kept.
  auto count = [&](std::size_t bytes) {
    chunk.bytes += bytes;
    if (!chunk.oversized && chunk.bytes > max_chunk_bytes_) {
      chunk.oversized = true;
      chunk.text.clear();
      chunk.text.shrink_to_fit();
    }
  };
  bool ended_before_line = false;  // the line at pos begins the next document
  for (;;) {
    // Find the end of the line starting at pos, reading more input as needed. Consumed bytes
    // are dropped only when more must be read, so each byte is moved at most once.
    const char* nl = nullptr;
    // A line longer than a read is not held whole in buffer_ (a 100 MB line would sit there
    // before being refused): once its start says which document it belongs to, what has been
    // read of it moves into the chunk (or, past the limit, is only counted) before reading on.
    bool streamed = false;                // part of the line has left buffer_
    std::optional<bool> line_is_content;  // decided once a non-blank byte is seen
    while (true) {
      nl = static_cast<const char*>(std::memchr(buffer_.data() + pos, '\n', buffer_.size() - pos));
      if (nl || eof_) break;
      const std::size_t partial = buffer_.size() - pos;
      if (!streamed && partial >= kReadSize) {
        const std::string_view head(buffer_.data() + pos, kLineHeadBytes);
        if (has_content && (is_document_start(head) || is_directive(head))) {
          ended_before_line = true;
          break;
        }
        streamed = true;
        if (is_directive(head)) line_is_content = false;
      }
      if (streamed) {
        const std::string_view piece(buffer_.data() + pos, partial);
        if (!line_is_content) line_is_content = content_in(piece);
        flush();
        count(partial);
        if (!chunk.oversized) chunk.text.append(piece);
        buffer_.clear();
      } else {
        flush();
        buffer_.erase(0, pos);
      }
      pos = run = 0;
      if (!fill()) break;
    }
    if (!read_error_.empty()) return std::unexpected(read_error_);
    if (ended_before_line) break;
    const std::size_t line_end = nl ? static_cast<std::size_t>(nl - buffer_.data()) + 1 : buffer_.size();
    const std::string_view line(buffer_.data() + pos, line_end - pos);
    if (streamed) {
      if (!line_is_content) line_is_content = content_in(line);
      has_content = has_content || line_is_content.value_or(false);
    } else {
      if (line_end == pos) break;  // end of input
      // A `---` or a directive after content begins the next document; before any content
      // (leading comments, directives) it begins this one.
      if (has_content && (is_document_start(line) || is_directive(line))) break;
      if (!is_blank_or_comment(line) && !is_directive(line)) has_content = true;
    }
    count(line.size());
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
