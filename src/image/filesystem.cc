#include "image/filesystem.h"

#include <deque>

#include "image/image_limits.h"
#include "image/layer_path.h"

namespace bulwark::image {

const FileInfo* Filesystem::find(std::string_view path) const {
  const auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

ImageResult<const FileInfo*> Filesystem::resolve(std::string_view path) const {
  std::deque<std::string> pending;
  auto push_components = [&pending](std::string_view text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
      auto slash = text.find('/', start);
      if (slash == std::string_view::npos) slash = text.size();
      if (slash > start) parts.emplace_back(text.substr(start, slash - start));
      start = slash + 1;
    }
    pending.insert(pending.begin(), parts.begin(), parts.end());
  };
  push_components(path);
  std::string current = "/";
  int hops = 0;
  const FileInfo* found = find("/");
  while (!pending.empty()) {
    const std::string component = std::move(pending.front());
    pending.pop_front();
    if (component == ".") continue;
    if (component == "..") {
      current = std::string(parent_path(current));
      found = find(current);
      continue;
    }
    const std::string next = join_path(current, component);
    const FileInfo* info = find(next);
    if (info == nullptr) {
      // Layers need not list parent directories: one exists implicitly when anything lies below it.
      std::string prefix = next;
      prefix.push_back('/');
      const auto below = files_.lower_bound(prefix);
      if (pending.empty() || below == files_.end() || !below->first.starts_with(prefix)) return nullptr;
      current = next;
      found = nullptr;
      continue;
    }
    if (info->type == EntryType::Symlink) {
      if (++hops > limits::kMaxSymlinkHops) {
        // Built by appending: GCC 12 -O3 warns (-Wrestrict, a false positive) on the operator+ chain.
        std::string message = "resolving ";
        message.append(path);
        message.append(": more than ").append(std::to_string(limits::kMaxSymlinkHops));
        message.append(" symbolic links (a loop?)");
        return image_error(ImageErrorKind::SymlinkLoop, std::move(message));
      }
      if (!info->link_target.empty() && info->link_target.front() == '/')
        current.assign(1, '/');  // not = "/": GCC 12 -O3 -Wrestrict false positive (PR 105651)
      push_components(info->link_target);
      found = find(current);
      continue;
    }
    if (!pending.empty() && info->type != EntryType::Directory) return nullptr;
    current = next;
    found = info;
  }
  return found;
}

void FilesystemBuilder::remember(FileInfo&& file, std::uint32_t by, Removal how) {
  if (file.type == EntryType::Directory) return;
  fs_.removed_.push_back(RemovedFile{std::move(file), by, how});
}

void FilesystemBuilder::remove_tree(std::string_view path, std::uint32_t by, Removal how,
                                    bool children_only) {
  auto& files = fs_.files_;
  if (!children_only) {
    if (auto it = files.find(path); it != files.end()) {
      remember(std::move(it->second), by, how);
      files.erase(it);
    }
  }
  const std::string prefix = path == "/" ? std::string("/") : std::string(path) + "/";
  auto it = files.lower_bound(prefix);
  while (it != files.end() && it->first.starts_with(prefix)) {
    remember(std::move(it->second), by, how);
    it = files.erase(it);
  }
}

ImageResult<void> FilesystemBuilder::apply(std::uint32_t layer, std::vector<LayerEntry>&& entries,
                                           std::string_view what) {
  // Whiteouts only hide what lower layers added, whatever their position in this layer's tar.
  for (const LayerEntry& e : entries) {
    if (e.type == EntryType::OpaqueWhiteout) remove_tree(e.path, layer, Removal::OpaqueDirectory, true);
    if (e.type == EntryType::Whiteout) remove_tree(e.path, layer, Removal::Whiteout, false);
  }
  auto& files = fs_.files_;
  for (LayerEntry& e : entries) {
    if (e.type == EntryType::OpaqueWhiteout || e.type == EntryType::Whiteout) continue;
    FileInfo info;
    info.type = e.type;
    info.mode = e.mode;
    info.size = e.size;
    info.uid = e.uid;
    info.gid = e.gid;
    info.layer = layer;
    info.content = std::move(e.content);
    info.content_truncated = e.content_truncated;
    if (e.type == EntryType::HardLink) {
      const FileInfo* target = fs_.find(e.link_target);
      if (target == nullptr || target->type == EntryType::Directory)
        return image_error(ImageErrorKind::HardLinkOutsideTree,
                           std::string(what) + ": hard link " + e.path + " points to " + e.link_target +
                               (target ? ", a directory" : ", which is not in the image"));
      // A hard link shares its target's inode: same type, mode, owner and bytes.
      info.type = target->type;
      info.mode = target->mode;
      info.size = target->size;
      info.uid = target->uid;
      info.gid = target->gid;
      info.content = target->content;
      info.content_truncated = target->content_truncated;
      info.hard_link = true;
    }
    info.link_target = std::move(e.link_target);
    info.path = e.path;
    auto it = files.find(e.path);
    if (it != files.end()) {
      const bool both_directories =
          it->second.type == EntryType::Directory && info.type == EntryType::Directory;
      if (both_directories) {
        it->second = std::move(info);  // a directory entry updates metadata; children stay
        continue;
      }
      if (it->second.type == EntryType::Directory) remove_tree(e.path, layer, Removal::Replaced, true);
      remember(std::move(it->second), layer, Removal::Replaced);
      it->second = std::move(info);
      continue;
    }
    files.emplace(std::move(e.path), std::move(info));
  }
  return {};
}

Filesystem FilesystemBuilder::finish() && {
  return std::move(fs_);
}

}  // namespace bulwark::image
