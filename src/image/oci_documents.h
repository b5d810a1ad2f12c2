#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "image/digest.h"
#include "image/image_config.h"
#include "image/image_error.h"

namespace bulwark::image {

/// os/architecture[/variant], e.g. linux/amd64 or linux/arm64/v8.
struct Platform {
  std::string os = "linux";
  std::string architecture = "amd64";
  std::string variant;

  std::string str() const;
  /// True when `candidate` runs here: os and architecture equal; a requested variant must match.
  bool accepts(const Platform& candidate) const;
};

/// Parses "linux/amd64" or "linux/arm/v7".
ImageResult<Platform> parse_platform(std::string_view text);

/// An OCI content descriptor.
struct Descriptor {
  std::string media_type;
  Digest digest;
  std::int64_t size = -1;
  std::optional<Platform> platform;
  std::string ref_name;      // org.opencontainers.image.ref.name or io.containerd.image.name annotation
  bool attestation = false;  // buildkit attestation manifests are not runnable images

  bool is_index() const;
};

/// index.json or an image index / manifest list blob.
struct ImageIndex {
  std::vector<Descriptor> manifests;
};

/// An OCI image manifest or Docker v2 schema 2 manifest.
struct ImageManifest {
  Descriptor config;
  std::vector<Descriptor> layers;
};

/// One image of a `docker save` manifest.json.
struct DockerArchiveImage {
  std::string config_path;
  std::vector<std::string> repo_tags;
  std::vector<std::string> layer_paths;
};

ImageResult<ImageIndex> parse_image_index(std::string_view json, std::string_view what);
ImageResult<ImageManifest> parse_image_manifest(std::string_view json, std::string_view what);
ImageResult<std::vector<DockerArchiveImage>> parse_docker_manifest(std::string_view json);
ImageResult<ImageConfig> parse_image_config(std::string_view json, std::string_view what);

}  // namespace bulwark::image
