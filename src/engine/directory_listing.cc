#include "engine/directory_listing.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

namespace bulwark::engine {
namespace {

struct DirCloser {
  void operator()(DIR* d) const { ::closedir(d); }
};

// What a stat (following links) or lstat says, for entries readdir could not type.
DirectoryEntry::Type type_of(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return DirectoryEntry::Type::Other;
  if (S_ISREG(st.st_mode)) return DirectoryEntry::Type::File;
  if (S_ISDIR(st.st_mode)) return DirectoryEntry::Type::Directory;
  if (!S_ISLNK(st.st_mode) || ::stat(path.c_str(), &st) != 0) return DirectoryEntry::Type::Other;
  if (S_ISREG(st.st_mode)) return DirectoryEntry::Type::File;
  if (S_ISDIR(st.st_mode)) return DirectoryEntry::Type::LinkedDirectory;
  return DirectoryEntry::Type::Other;
}

}  // namespace

std::string join_path(std::string_view dir, std::string_view name) {
  std::string path;
  path.reserve(dir.size() + 1 + name.size());
  path.append(dir);
  if (!dir.ends_with('/')) path.push_back('/');
  path.append(name);
  return path;
}

std::expected<std::vector<DirectoryEntry>, std::string> list_directory(const std::string& dir) {
  const std::unique_ptr<DIR, DirCloser> handle(::opendir(dir.c_str()));
  if (!handle) return std::unexpected(std::string(std::strerror(errno)));
  std::vector<DirectoryEntry> entries;
  for (;;) {
    errno = 0;
    const dirent* e = ::readdir(handle.get());
    if (e == nullptr) {
      if (errno != 0) return std::unexpected(std::string(std::strerror(errno)));
      break;
    }
    const std::string_view name(e->d_name);
    if (name == "." || name == "..") continue;
    DirectoryEntry entry{std::string(name), DirectoryEntry::Type::Other};
    switch (e->d_type) {
      case DT_REG:
        entry.type = DirectoryEntry::Type::File;
        break;
      case DT_DIR:
        entry.type = DirectoryEntry::Type::Directory;
        break;
      case DT_LNK:
      case DT_UNKNOWN:  // some file systems do not say: ask
        entry.type = type_of(join_path(dir, name));
        break;
      default:
        break;
    }
    entries.push_back(std::move(entry));
  }
  std::sort(entries.begin(), entries.end(),
            [](const DirectoryEntry& a, const DirectoryEntry& b) { return a.name < b.name; });
  return entries;
}

}  // namespace bulwark::engine
