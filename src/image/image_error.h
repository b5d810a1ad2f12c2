#pragma once

#include <expected>
#include <string>

namespace bulwark::image {

/// Why reading an image failed. Callers branch on the kind; the message is for people.
enum class ImageErrorKind {
  Io,                   // a file could not be opened or read
  Format,               // not a docker-archive / OCI layout, or a malformed JSON document or tar stream
  Unsupported,          // a valid but unsupported feature (digest algorithm, schema version)
  NotFound,             // a referenced blob, tag or platform is absent
  DigestMismatch,       // a blob's content does not hash to the digest that names it
  PathTraversal,        // a layer entry or whiteout escapes the root with `..`
  AbsolutePath,         // a layer entry is named with a leading '/'
  HardLinkOutsideTree,  // a hard link points outside the image root or at nothing
  SymlinkLoop,          // resolving a path followed too many symbolic links
  SparseFile,           // a sparse entry declares an implausibly large logical size
  DecompressionBomb,    // a layer expands beyond the size or ratio limits
  LimitExceeded,        // entry count, path length, metadata size or similar bound
};

/// A failure with its kind and a message that names the file/blob/entry involved.
struct ImageError {
  ImageErrorKind kind;
  std::string message;
};

template <class T>
using ImageResult = std::expected<T, ImageError>;

inline std::unexpected<ImageError> image_error(ImageErrorKind kind, std::string message) {
  return std::unexpected(ImageError{kind, std::move(message)});
}

/// A short stable name for the kind ("digest-mismatch"), for reports and tests.
const char* to_string(ImageErrorKind kind);

}  // namespace bulwark::image
