#include "image/image_error.h"

namespace bulwark::image {

const char* to_string(ImageErrorKind kind) {
  switch (kind) {
    case ImageErrorKind::Io:
      return "io";
    case ImageErrorKind::Format:
      return "format";
    case ImageErrorKind::Unsupported:
      return "unsupported";
    case ImageErrorKind::NotFound:
      return "not-found";
    case ImageErrorKind::DigestMismatch:
      return "digest-mismatch";
    case ImageErrorKind::PathTraversal:
      return "path-traversal";
    case ImageErrorKind::AbsolutePath:
      return "absolute-path";
    case ImageErrorKind::HardLinkOutsideTree:
      return "hard-link-outside-tree";
    case ImageErrorKind::SymlinkLoop:
      return "symlink-loop";
    case ImageErrorKind::SparseFile:
      return "sparse-file";
    case ImageErrorKind::DecompressionBomb:
      return "decompression-bomb";
    case ImageErrorKind::LimitExceeded:
      return "limit-exceeded";
  }
  return "unknown";
}

}  // namespace bulwark::image
