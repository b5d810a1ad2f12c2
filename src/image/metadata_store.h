#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "image/image_error.h"

namespace bulwark::image {

/// The small documents of an image source (manifest.json, index.json, manifests, configs), looked up
/// by their normalised path inside the archive or directory ("/index.json", "/blobs/sha256/<hex>").
class MetadataStore {
 public:
  /// Indexes an archive in one pass, keeping only JSON documents up to limits::kMaxJsonBytes.
  static ImageResult<MetadataStore> from_archive(const std::string& archive_path);
  /// Reads lazily from a directory; paths are validated so they cannot leave it.
  static MetadataStore from_directory(std::string directory);

  bool has(std::string_view path) const;
  /// The document's bytes; NotFound when absent, LimitExceeded when too large to be metadata.
  ImageResult<std::string> read(std::string_view path) const;

  bool is_directory() const { return !directory_.empty(); }
  const std::string& directory() const { return directory_; }

 private:
  std::string directory_;
  std::map<std::string, std::uint64_t, std::less<>> sizes_;    // archive: every member
  std::map<std::string, std::string, std::less<>> documents_;  // archive: the kept JSON documents
};

}  // namespace bulwark::image
