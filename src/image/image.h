#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "image/digest.h"
#include "image/filesystem.h"
#include "image/image_config.h"
#include "image/image_error.h"
#include "image/layer_entry.h"
#include "image/oci_documents.h"

namespace bulwark::image {

/// The on-disk shape an image came in.
enum class ImageFormat {
  DockerArchive,  // `docker save` tar (manifest.json), or that tar unpacked into a directory
  OciLayout,      // a directory with oci-layout, index.json and blobs/
  OciArchive,     // a tar of an OCI layout
};

const char* to_string(ImageFormat format);

/// One layer as applied, bottom first.
struct LayerInfo {
  Digest digest;        // the blob digest (docker-archive legacy layers: their diff_id)
  std::string diff_id;  // sha256 of the uncompressed tar
  std::string media_type;
  std::string compression;  // "gzip", "zstd", "none"
  std::uint64_t compressed_bytes = 0;
  std::uint64_t uncompressed_bytes = 0;
  std::size_t entries = 0;
  std::string created_by;  // the history step that produced this layer, when the history says
};

/// A fully read and verified image: metadata, per-layer info and the union filesystem.
struct Image {
  ImageFormat format = ImageFormat::DockerArchive;
  std::string source;                     // the path that was read
  std::string reference;                  // repo tag or ref.name annotation, when the archive names one
  Platform platform;                      // from the config
  std::optional<Digest> manifest_digest;  // OCI only
  Digest config_digest;
  ImageConfig config;
  std::vector<LayerInfo> layers;
  Filesystem fs;
};

/// How to pick and read an image.
struct ReadOptions {
  Platform platform;              // for multi-platform indexes; default linux/amd64
  std::string reference;          // a RepoTag ("nginx:1.25") or ref.name ("1.25"); empty = the first image
  ContentPredicate keep_content;  // which regular files' bytes to keep (bounded, see image_limits.h)
};

/// Reads a docker-save archive, an OCI archive or an OCI layout directory at `path`. Every blob is
/// checked against its digest (and layers against the config's diff_ids); layers are streamed, never
/// extracted. Errors say which file, blob or entry and why.
ImageResult<Image> read_image(const std::string& path, const ReadOptions& options = {});

}  // namespace bulwark::image
