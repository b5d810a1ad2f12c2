#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>

#include "doc/byte_source.h"

namespace bulwark::doc {

/// The text of one YAML document of a stream, cut at `---` lines.
struct DocumentChunk {
  std::string text;         // empty when `oversized`
  uint32_t first_line = 1;  // 1-based line of the chunk's first line in the stream
  std::size_t bytes = 0;    // the chunk's true size, even when oversized
  bool oversized = false;   // the chunk was over the size limit and was not kept
};

/// Cuts a YAML stream into documents without parsing it. A line starting with `---` followed by
/// a space, a tab or the line end always begins a document (YAML forbids such a line inside
/// any scalar), so every chunk parses on its own: a syntax error stays inside its document, the
/// next document loads, and memory holds one document at a time however long the stream.
class DocumentSplitter {
 public:
  DocumentSplitter(ByteSource& source, std::size_t max_chunk_bytes);
  /// The next chunk, nullopt at the end, or a read error.
  std::expected<std::optional<DocumentChunk>, std::string> next();

 private:
  bool fill();  // reads more input into buffer_; false at end of input
  ByteSource& source_;
  std::size_t max_chunk_bytes_;
  std::string buffer_;  // bytes read; those before start_ are already given out
  std::size_t start_ = 0;
  uint32_t next_line_ = 1;  // line number of the line starting at buffer_[start_]
  bool eof_ = false;
  std::string read_error_;
};

}  // namespace bulwark::doc
