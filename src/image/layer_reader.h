#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "image/byte_source.h"
#include "image/digest.h"
#include "image/layer_entry.h"

namespace bulwark::image {

/// Budgets shared by every layer of one image (see image_limits.h).
struct ReadBudget {
  std::size_t entries_left;
  std::size_t kept_bytes_left;
};

/// What one pass over a layer blob measured.
struct LayerStats {
  std::uint64_t compressed_bytes = 0;
  std::uint64_t uncompressed_bytes = 0;
  Digest compressed_digest;    // hash of the blob as stored, in the algorithm asked for
  Digest uncompressed_digest;  // sha256 of the tar stream: the layer's diff_id
  std::string compression;     // "gzip", "zstd", "none", ...
};

/// A layer's entries in tar order plus its stats.
struct LayerListing {
  std::vector<LayerEntry> entries;
  LayerStats stats;
};

/// Streams one layer blob (tar, optionally gzip/zstd/xz/bzip2 compressed) without touching disk:
/// hashes the raw and the decompressed bytes, enforces the bomb / sparse / path limits, and keeps
/// the content that `keep` selects. The whole blob is read even after the tar end marker so the
/// digests cover every byte. `what` names the layer in error messages.
ImageResult<LayerListing> read_layer(ByteSource& source, std::string_view what,
                                     std::string_view digest_algorithm, const ContentPredicate& keep,
                                     ReadBudget& budget);

}  // namespace bulwark::image
