#pragma once

#include <optional>
#include <string>
#include <vector>

#include "image/digest.h"
#include "image/image.h"
#include "image/metadata_store.h"

namespace bulwark::image {

/// Where one layer blob is and what it must hash to.
struct LayerPlan {
  std::string blob_path;  // normalised member / file path ("/blobs/sha256/<hex>", "/<id>/layer.tar")
  std::optional<Digest> blob_digest;  // of the stored bytes (absent for legacy docker-archive layers)
  std::int64_t size = -1;             // from the descriptor, when known
  std::optional<Digest> diff_id;      // of the uncompressed tar, from the config
  std::string media_type;
};

/// The chosen image with its verified manifest and config, before any layer is read.
struct ImagePlan {
  ImageFormat format = ImageFormat::DockerArchive;
  std::string reference;
  std::optional<Digest> manifest_digest;
  Digest config_digest;
  ImageConfig config;
  std::vector<LayerPlan> layers;
};

/// Picks the image (reference, platform), verifies manifest and config against their digests, parses
/// the config and lists the layers to stream.
ImageResult<ImagePlan> plan_image(const MetadataStore& store, const ReadOptions& options,
                                  std::string_view source);

}  // namespace bulwark::image
