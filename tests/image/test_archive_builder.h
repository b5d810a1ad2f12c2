#pragma once

// Builds layer tarballs and whole images (docker-archive, OCI layout, OCI archive) in tests, with
// libarchive's writer, so nothing is downloaded and every byte is known.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace bulwark::image::testing {

enum class Compression { None, Gzip, Zstd };

/// One tar member. `type` is an AE_IF* constant; `hardlink` makes it a hard link to `link`.
struct TarMember {
  std::string path;
  std::string content;
  unsigned type = 0100000;  // AE_IFREG
  unsigned perm = 0644;
  std::string link;
  bool hardlink = false;
  std::int64_t uid = 0;
  std::int64_t gid = 0;
  std::int64_t declared_size = -1;  // sparse: logical size, with `content` as the only data at offset 0
};

TarMember file(std::string path, std::string content, unsigned perm = 0644);
TarMember dir(std::string path, unsigned perm = 0755);
TarMember symlink(std::string path, std::string target);
TarMember hardlink(std::string path, std::string target);

/// A tar stream (pax format) of `members`, optionally compressed.
std::string make_tar(const std::vector<TarMember>& members, Compression compression = Compression::None);

/// `bytes` as a single gzip stream (for `docker save | gzip`).
std::string gzip_bytes(const std::string& bytes);

/// Writes `members` (raw bytes per path) as an uncompressed tar file at `path`.
void write_tar_file(const std::string& path, const std::vector<std::pair<std::string, std::string>>& members);

std::string sha256_hex(const std::string& bytes);

/// A small image: layers plus config fields, written in any of the three formats.
struct TestImage {
  struct Layer {
    std::string blob;  // as stored (maybe compressed)
    std::string tar;   // uncompressed
    Compression compression = Compression::None;
  };
  std::vector<Layer> layers;
  std::string user;
  std::vector<std::string> env;
  std::vector<std::string> exposed_ports;
  std::vector<std::string> healthcheck;  // Test array; empty = no Healthcheck key
  std::vector<std::string> history;      // created_by of each layer
  std::string os = "linux";
  std::string architecture = "amd64";

  void add_layer(const std::vector<TarMember>& members, Compression compression = Compression::None);
  std::string config_json() const;
  std::string manifest_json(const std::string& config) const;  // OCI image manifest
};

/// `docker save` layout: manifest.json, <hex>.json config, <id>/layer.tar (legacy naming).
void write_docker_archive(const TestImage& image, const std::string& path,
                          const std::string& tag = "test:latest");

/// OCI layout directory; several images become a multi-platform index (one nested index blob).
void write_oci_layout(const std::vector<TestImage>& images, const std::string& dir, bool nested_index = true);

/// The same as an (uncompressed) tar file.
void write_oci_archive(const std::vector<TestImage>& images, const std::string& path);

/// A fresh empty directory under the test temp dir.
std::string temp_dir(const std::string& name);

/// Reads a whole file.
std::string read_file(const std::string& path);

/// Overwrites a whole file.
void write_file(const std::string& path, const std::string& bytes);

}  // namespace bulwark::image::testing
