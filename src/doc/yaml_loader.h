#pragma once

#include <deque>
#include <expected>
#include <optional>
#include <string>

#include "doc/byte_source.h"
#include "doc/document.h"
#include "doc/document_splitter.h"
#include "doc/load_error.h"
#include "doc/load_limits.h"

namespace bulwark::doc {

/// Either a loaded document or the reason it could not be loaded.
using DocumentResult = std::expected<Document, LoadError>;

/// Reads a YAML stream one document at a time through libyaml's event API, building bulwark's
/// tree directly from the events with Kubernetes' scalar resolution (see scalar_resolver.h),
/// merge keys, duplicate-key warnings, and bounded alias expansion, depth and size.
class YamlStreamLoader {
 public:
  YamlStreamLoader(ByteSource& source, std::string file, LoadLimits limits = {});
  /// The next document (empty documents included, with a null root), or nullopt at the end.
  std::optional<DocumentResult> next();

 private:
  std::string file_;
  LoadLimits limits_;
  DocumentSplitter splitter_;
  std::deque<DocumentResult> ready_;
  uint32_t document_index_ = 0;
  bool done_ = false;
};

/// Parses one chunk of YAML text (possibly several documents separated by `...`).
/// `first_line` is the 1-based line of the chunk's first line in its file.
std::deque<DocumentResult> load_yaml_chunk(std::string_view file, std::string text, uint32_t first_line,
                                           uint32_t first_index, const LoadLimits& limits);

}  // namespace bulwark::doc
