#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "image/image_error.h"
#include "image/layer_entry.h"

namespace bulwark::image {

/// A path of the final (union) filesystem.
struct FileInfo {
  std::string path;                     // "/usr/bin/sudo"
  EntryType type = EntryType::Regular;  // never a whiteout; a resolved hard link has its target's type
  std::uint32_t mode = 0;               // permission bits incl. setuid/setgid/sticky
  std::uint64_t size = 0;
  std::int64_t uid = 0;
  std::int64_t gid = 0;
  std::string link_target;  // symlink target as written; for hard links the (normalised) target path
  bool hard_link = false;
  std::uint32_t layer = 0;  // index into Image::layers of the layer that added (last wrote) it
  std::shared_ptr<const std::string> content;
  bool content_truncated = false;

  bool setuid() const { return (mode & 04000u) != 0; }
  bool setgid() const { return (mode & 02000u) != 0; }
  bool sticky() const { return (mode & 01000u) != 0; }
  bool world_writable() const { return (mode & 0002u) != 0; }
};

/// How a lower-layer file stopped being visible.
enum class Removal {
  Whiteout,         // a ".wh.<name>" in a later layer
  OpaqueDirectory,  // a ".wh..wh..opq" in a later layer
  Replaced,         // a later layer wrote the same path (or replaced a parent directory with a non-directory)
};

/// A non-directory that a later layer hid: invisible in the container, but its bytes are still in
/// the layer that added it, so anyone with the image can read them.
struct RemovedFile {
  FileInfo file;
  std::uint32_t removed_by = 0;  // layer index
  Removal how = Removal::Whiteout;
};

/// The union of an image's layers with whiteouts applied.
class Filesystem {
 public:
  using FileMap = std::map<std::string, FileInfo, std::less<>>;

  /// Exact lookup of a normalised path ("/etc/passwd"); no symlinks followed.
  const FileInfo* find(std::string_view path) const;
  /// Looks `path` up following symbolic links in every component, inside the image root ("/.." is "/").
  /// nullptr when it does not exist; SymlinkLoop after limits::kMaxSymlinkHops links.
  ImageResult<const FileInfo*> resolve(std::string_view path) const;

  const FileMap& files() const { return files_; }
  std::span<const RemovedFile> removed() const { return removed_; }

 private:
  friend class FilesystemBuilder;
  FileMap files_;
  std::vector<RemovedFile> removed_;
};

/// Applies layers bottom-up: each layer's whiteouts hide lower-layer paths first, then its entries are
/// added in tar order (OCI image spec, "Applying Changesets").
class FilesystemBuilder {
 public:
  /// `layer` is the index of this layer; layers must be applied in order.
  ImageResult<void> apply(std::uint32_t layer, std::vector<LayerEntry>&& entries, std::string_view what);
  Filesystem finish() &&;

 private:
  void remove_tree(std::string_view path, std::uint32_t by, Removal how, bool children_only);
  void remember(FileInfo&& file, std::uint32_t by, Removal how);
  Filesystem fs_;
};

}  // namespace bulwark::image
