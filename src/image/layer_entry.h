#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace bulwark::image {

/// What a tar entry of a layer is. Whiteouts are layer-only markers; they never reach the union.
enum class EntryType {
  Regular,
  Directory,
  Symlink,
  HardLink,
  CharDevice,
  BlockDevice,
  Fifo,
  Socket,
  Whiteout,        // ".wh.<name>": hides <name> from lower layers; `path` is the hidden path
  OpaqueWhiteout,  // ".wh..wh..opq": hides every lower-layer child of the directory `path`
};

const char* to_string(EntryType type);

/// One entry of one layer's tar stream, with its path normalised to "/a/b" (the root is "/").
struct LayerEntry {
  std::string path;
  EntryType type = EntryType::Regular;
  std::uint32_t mode = 0;  // permission bits incl. setuid (04000), setgid (02000), sticky (01000)
  std::uint64_t size = 0;
  std::int64_t uid = 0;
  std::int64_t gid = 0;
  std::string link_target;                     // symlink target as written, or normalised hard-link target
  std::shared_ptr<const std::string> content;  // kept only when the content predicate asked for it
  bool content_truncated = false;              // the kept content is a prefix of the file
  bool sparse = false;
};

/// Decides which regular files' content to keep (secret candidates, package databases). Called with
/// the normalised path and the declared size; kept content is bounded by image_limits.h.
using ContentPredicate = std::function<bool(std::string_view path, std::uint64_t size)>;

}  // namespace bulwark::image
