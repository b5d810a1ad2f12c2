#pragma once

#include <nettle/sha2.h>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "image/image_error.h"

namespace bulwark::image {

/// A content digest "algorithm:hex" as used by OCI descriptors (sha256 or sha512, lowercase hex).
struct Digest {
  std::string algorithm;
  std::string hex;

  std::string str() const { return algorithm + ":" + hex; }
  bool operator==(const Digest&) const = default;
};

/// Parses and validates "sha256:<64 hex>" / "sha512:<128 hex>"; the hex is checked so a digest can
/// safely become a file name under blobs/.
ImageResult<Digest> parse_digest(std::string_view text);

/// Streaming hash over one algorithm of a Digest (GNU Nettle's SHA-2, a value: no allocation).
class DigestHasher {
 public:
  /// Fails for algorithms other than sha256 / sha512.
  static ImageResult<DigestHasher> create(std::string_view algorithm);

  void update(std::span<const std::byte> bytes);
  void update(std::string_view bytes);
  /// Finishes the hash; the hasher cannot be used afterwards.
  Digest finish();

 private:
  using State = std::variant<std::monostate, sha256_ctx, sha512_ctx>;
  DigestHasher(std::string algorithm, State state);

  std::string algorithm_;
  State state_;
};

/// sha256 of a whole buffer as a Digest.
Digest sha256_of(std::string_view bytes);

/// Hashes `bytes` with `expected`'s algorithm; DigestMismatch naming `what` when they differ.
ImageResult<void> verify_digest(std::string_view bytes, const Digest& expected, std::string_view what);

}  // namespace bulwark::image
