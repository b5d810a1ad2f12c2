#include "image/metadata_store.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "image/byte_source.h"
#include "image/image_limits.h"
#include "image/layer_path.h"

namespace bulwark::image {

namespace {

struct ArchiveReadDeleter {
  void operator()(::archive* a) const { archive_read_free(a); }
};

bool looks_like_json(std::string_view bytes) {
  for (char c : bytes) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    return c == '{' || c == '[';
  }
  return false;
}

}  // namespace

ImageResult<MetadataStore> MetadataStore::from_archive(const std::string& archive_path) {
  std::unique_ptr<::archive, ArchiveReadDeleter> a(archive_read_new());
  archive_read_support_filter_all(a.get());
  archive_read_support_format_tar(a.get());
  if (archive_read_open_filename(a.get(), archive_path.c_str(), 1 << 20) != ARCHIVE_OK) {
    const char* message = archive_error_string(a.get());
    return image_error(ImageErrorKind::Format, archive_path + ": not a readable tar archive: " +
                                                   (message ? message : "unknown error"));
  }
  MetadataStore store;
  std::size_t kept = 0;
  ::archive_entry* entry = nullptr;
  int r = ARCHIVE_OK;
  while ((r = archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    const char* raw = archive_entry_pathname(entry);
    if (raw == nullptr) continue;
    std::string_view name(raw);
    while (name.starts_with("/")) name.remove_prefix(1);
    auto path = normalize_layer_path(name, archive_path);
    if (!path) continue;  // unreachable by any reference, which is validated the same way
    const auto size = static_cast<std::uint64_t>(archive_entry_size(entry));
    if (store.sizes_.size() >= limits::kMaxEntries)
      return image_error(ImageErrorKind::LimitExceeded, archive_path + ": too many archive members");
    store.sizes_[*path] = size;
    if (size > limits::kMaxJsonBytes) continue;
    std::string bytes(static_cast<std::size_t>(size), '\0');
    std::size_t filled = 0;
    while (filled < bytes.size()) {
      const la_ssize_t n = archive_read_data(a.get(), bytes.data() + filled, bytes.size() - filled);
      if (n <= 0) break;
      filled += static_cast<std::size_t>(n);
    }
    if (filled != bytes.size())
      return image_error(ImageErrorKind::Format, archive_path + ": member " + *path + " is truncated");
    if (!looks_like_json(bytes)) continue;
    kept += bytes.size();
    if (kept > limits::kMaxMetadataBytes)
      return image_error(ImageErrorKind::LimitExceeded, archive_path + ": more than " +
                                                            std::to_string(limits::kMaxMetadataBytes >> 20) +
                                                            " MiB of JSON documents");
    store.documents_[*path] = std::move(bytes);
  }
  if (r != ARCHIVE_EOF) {
    const char* message = archive_error_string(a.get());
    return image_error(ImageErrorKind::Format,
                       archive_path + ": invalid tar archive: " + (message ? message : "unknown error"));
  }
  return store;
}

MetadataStore MetadataStore::from_directory(std::string directory) {
  MetadataStore store;
  store.directory_ = std::move(directory);
  return store;
}

bool MetadataStore::has(std::string_view path) const {
  if (!is_directory()) return sizes_.contains(path);
  struct stat st {};
  return ::stat((directory_ + std::string(path)).c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

ImageResult<std::string> MetadataStore::read(std::string_view path) const {
  if (!is_directory()) {
    if (auto it = documents_.find(path); it != documents_.end()) return it->second;
    auto size = sizes_.find(path);
    if (size == sizes_.end())
      return image_error(ImageErrorKind::NotFound, std::string(path) + " is not in the archive");
    if (size->second > limits::kMaxJsonBytes)
      return image_error(ImageErrorKind::LimitExceeded, std::string(path) + " is " +
                                                            std::to_string(size->second) +
                                                            " bytes, too large for an image document");
    return image_error(ImageErrorKind::Format, std::string(path) + " is not a JSON document");
  }
  const std::string file = directory_ + std::string(path);
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0)
    return image_error(ImageErrorKind::NotFound, file + ": " + std::strerror(errno));
  if (static_cast<std::uint64_t>(st.st_size) > limits::kMaxJsonBytes)
    return image_error(ImageErrorKind::LimitExceeded, file + " is " + std::to_string(st.st_size) +
                                                          " bytes, too large for an image document");
  auto source = FileByteSource::open(file);
  if (!source) return std::unexpected(source.error());
  std::string out;
  while (true) {
    auto chunk = source->next();
    if (!chunk) return std::unexpected(chunk.error());
    if (chunk->empty()) break;
    out.append(reinterpret_cast<const char*>(chunk->data()), chunk->size());
    if (out.size() > limits::kMaxJsonBytes)
      return image_error(ImageErrorKind::LimitExceeded, file + " grew while being read");
  }
  return out;
}

}  // namespace bulwark::image
