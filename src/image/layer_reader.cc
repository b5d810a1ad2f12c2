#include "image/layer_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <cerrno>
#include <memory>
#include <optional>

#include "image/image_limits.h"
#include "image/layer_path.h"

namespace bulwark::image {

namespace {

struct ArchiveReadDeleter {
  void operator()(::archive* a) const { archive_read_free(a); }
};
using ArchiveReadPtr = std::unique_ptr<::archive, ArchiveReadDeleter>;

constexpr std::string_view kWhiteoutPrefix = ".wh.";
constexpr std::string_view kOpaqueMarker = ".wh..wh..opq";
// Other ".wh..wh." names are aufs bookkeeping (hard-link directories), not whiteouts.
constexpr std::string_view kAufsMetaPrefix = ".wh..wh.";

// The state shared by the two libarchive callbacks: raw blob bytes -> decompressor -> tar reader.
struct Pipeline {
  ByteSource& source;
  std::string what;
  DigestHasher compressed_hash;
  DigestHasher uncompressed_hash;
  std::uint64_t compressed_bytes = 0;
  std::uint64_t uncompressed_bytes = 0;
  ::archive* decompressor = nullptr;
  std::optional<ImageError> error;
  // An uncompressed sha256 blob is its own diff_id: hashing it twice would cost ~20% of a scan.
  bool uncompressed_is_raw = false;

  void fail(::archive* a, ImageError e) {
    if (!error) error = std::move(e);
    archive_set_error(a, EIO, "%s", error->message.c_str());
  }
};

la_ssize_t read_raw_blob(::archive* a, void* client, const void** buffer) {
  auto& p = *static_cast<Pipeline*>(client);
  auto chunk = p.source.next();
  if (!chunk) {
    p.fail(a, chunk.error());
    return -1;
  }
  p.compressed_hash.update(*chunk);
  p.compressed_bytes += chunk->size();
  *buffer = chunk->data();
  return static_cast<la_ssize_t>(chunk->size());
}

ImageResult<std::span<const std::byte>> next_decompressed(Pipeline& p) {
  while (true) {
    const void* block = nullptr;
    std::size_t size = 0;
    la_int64_t offset = 0;
    const int r = archive_read_data_block(p.decompressor, &block, &size, &offset);
    if (r == ARCHIVE_EOF) return std::span<const std::byte>();
    if (r < ARCHIVE_WARN) {
      if (p.error) return std::unexpected(*p.error);
      const char* message = archive_error_string(p.decompressor);
      return image_error(ImageErrorKind::Format,
                         p.what + ": cannot decompress: " + (message ? message : "unknown error"));
    }
    if (size == 0) continue;
    if (!p.uncompressed_is_raw)
      p.uncompressed_hash.update(std::span<const std::byte>(static_cast<const std::byte*>(block), size));
    p.uncompressed_bytes += size;
    if (p.uncompressed_bytes > limits::kMaxLayerUncompressedBytes)
      return image_error(
          ImageErrorKind::DecompressionBomb,
          p.what + ": expands beyond " + std::to_string(limits::kMaxLayerUncompressedBytes >> 30) + " GiB");
    if (p.uncompressed_bytes > limits::kRatioCheckAfterBytes &&
        p.uncompressed_bytes / std::max<std::uint64_t>(p.compressed_bytes, 1) > limits::kMaxCompressionRatio)
      return image_error(ImageErrorKind::DecompressionBomb,
                         p.what + ": " + std::to_string(p.compressed_bytes) +
                             " compressed bytes expand to over " + std::to_string(p.uncompressed_bytes) +
                             " (ratio above " + std::to_string(limits::kMaxCompressionRatio) + ":1)");
    return std::span<const std::byte>(static_cast<const std::byte*>(block), size);
  }
}

la_ssize_t read_tar_stream(::archive* a, void* client, const void** buffer) {
  auto& p = *static_cast<Pipeline*>(client);
  auto chunk = next_decompressed(p);
  if (!chunk) {
    p.fail(a, chunk.error());
    return -1;
  }
  *buffer = chunk->data();
  return static_cast<la_ssize_t>(chunk->size());
}

EntryType type_of(::archive_entry* entry) {
  if (archive_entry_hardlink(entry) != nullptr) return EntryType::HardLink;
  switch (archive_entry_filetype(entry)) {
    case AE_IFDIR:
      return EntryType::Directory;
    case AE_IFLNK:
      return EntryType::Symlink;
    case AE_IFCHR:
      return EntryType::CharDevice;
    case AE_IFBLK:
      return EntryType::BlockDevice;
    case AE_IFIFO:
      return EntryType::Fifo;
    case AE_IFSOCK:
      return EntryType::Socket;
    default:
      return EntryType::Regular;
  }
}

// Reads at most `limit` bytes of the current entry; the rest is skipped by the next header read.
ImageResult<std::string> read_prefix(::archive* tar, std::size_t limit, const std::string& what,
                                     const std::string& path) {
  std::string out;
  out.resize(limit);
  std::size_t filled = 0;
  while (filled < limit) {
    const la_ssize_t n = archive_read_data(tar, out.data() + filled, limit - filled);
    if (n == 0) break;
    if (n < 0) {
      const char* message = archive_error_string(tar);
      return image_error(ImageErrorKind::Format,
                         what + ": reading " + path + " failed: " + (message ? message : "unknown error"));
    }
    filled += static_cast<std::size_t>(n);
  }
  out.resize(filled);
  return out;
}

ImageResult<std::optional<LayerEntry>> to_layer_entry(::archive* tar, ::archive_entry* entry,
                                                      const std::string& what, const ContentPredicate& keep,
                                                      ReadBudget& budget) {
  const char* raw_name = archive_entry_pathname(entry);
  if (raw_name == nullptr) return image_error(ImageErrorKind::Format, what + ": entry without a name");
  auto path = normalize_layer_path(raw_name, what);
  if (!path) return std::unexpected(path.error());
  if (*path == "/") return std::optional<LayerEntry>();  // the "./" root entry carries nothing we use

  if (budget.entries_left == 0)
    return image_error(ImageErrorKind::LimitExceeded,
                       what + ": more than " + std::to_string(limits::kMaxEntries) + " entries in the image");
  --budget.entries_left;

  LayerEntry out;
  const std::string_view base = base_name(*path);
  if (base.starts_with(kWhiteoutPrefix)) {
    const std::string dir(parent_path(*path));
    if (base == kOpaqueMarker) {
      out.type = EntryType::OpaqueWhiteout;
      out.path = dir;
      return out;
    }
    if (base.starts_with(kAufsMetaPrefix)) return std::optional<LayerEntry>();
    const std::string_view hidden = base.substr(kWhiteoutPrefix.size());
    if (hidden.empty() || hidden == "." || hidden == "..")
      return image_error(ImageErrorKind::PathTraversal, what + ": whiteout \"" + std::string(raw_name) +
                                                            "\" names no entry inside its directory");
    out.type = EntryType::Whiteout;
    out.path = join_path(dir, hidden);
    return out;
  }

  out.path = std::move(*path);
  out.type = type_of(entry);
  out.mode = static_cast<std::uint32_t>(archive_entry_perm(entry)) & 07777u;
  out.size = archive_entry_size_is_set(entry) ? static_cast<std::uint64_t>(archive_entry_size(entry)) : 0;
  out.uid = archive_entry_uid(entry);
  out.gid = archive_entry_gid(entry);
  out.sparse = archive_entry_sparse_count(entry) > 0;
  if (out.sparse && out.size > limits::kMaxSparseLogicalBytes)
    return image_error(ImageErrorKind::SparseFile, what + ": sparse file " + out.path + " declares " +
                                                       std::to_string(out.size) + " bytes (limit " +
                                                       std::to_string(limits::kMaxSparseLogicalBytes) + ")");
  if (out.type == EntryType::HardLink) {
    auto target = normalize_layer_path(archive_entry_hardlink(entry), what);
    if (!target)
      return image_error(ImageErrorKind::HardLinkOutsideTree, what + ": hard link " + out.path +
                                                                  " points outside the image root (" +
                                                                  target.error().message + ")");
    out.link_target = std::move(*target);
  } else if (out.type == EntryType::Symlink) {
    const char* target = archive_entry_symlink(entry);
    out.link_target = target ? target : "";
    if (out.link_target.size() > limits::kMaxPathBytes)
      return image_error(ImageErrorKind::LimitExceeded,
                         what + ": symlink " + out.path + " target is too long");
  }

  if (out.type == EntryType::Regular && keep && keep(out.path, out.size)) {
    const std::size_t want = static_cast<std::size_t>(
        std::min<std::uint64_t>({out.size, limits::kMaxKeptFileBytes, budget.kept_bytes_left}));
    auto content = read_prefix(tar, want, what, out.path);
    if (!content) return std::unexpected(content.error());
    budget.kept_bytes_left -= content->size();
    out.content_truncated = content->size() < out.size;
    out.content = std::make_shared<const std::string>(std::move(*content));
  }
  return out;
}

}  // namespace

ImageResult<LayerListing> read_layer(ByteSource& source, std::string_view what,
                                     std::string_view digest_algorithm, const ContentPredicate& keep,
                                     ReadBudget& budget) {
  auto compressed_hash = DigestHasher::create(digest_algorithm);
  if (!compressed_hash) return std::unexpected(compressed_hash.error());
  auto uncompressed_hash = DigestHasher::create("sha256");
  if (!uncompressed_hash) return std::unexpected(uncompressed_hash.error());
  Pipeline p{source,
             std::string(what),
             std::move(*compressed_hash),
             std::move(*uncompressed_hash),
             0,
             0,
             nullptr,
             std::nullopt,
             false};

  ArchiveReadPtr decompressor(archive_read_new());
  ArchiveReadPtr tar(archive_read_new());
  if (!decompressor || !tar)
    return image_error(ImageErrorKind::Io, p.what + ": libarchive allocation failed");
  archive_read_support_filter_all(decompressor.get());
  archive_read_support_format_raw(decompressor.get());
  archive_read_support_format_tar(tar.get());
  p.decompressor = decompressor.get();

  auto archive_failure = [&](::archive* a, std::string_view stage) -> std::unexpected<ImageError> {
    if (p.error) return std::unexpected(*p.error);
    const char* message = archive_error_string(a);
    return image_error(ImageErrorKind::Format,
                       p.what + ": " + std::string(stage) + ": " + (message ? message : "unknown error"));
  };

  if (archive_read_open(decompressor.get(), &p, nullptr, read_raw_blob, nullptr) != ARCHIVE_OK)
    return archive_failure(decompressor.get(), "not a layer blob");
  ::archive_entry* raw_entry = nullptr;
  const int raw_header = archive_read_next_header(decompressor.get(), &raw_entry);
  if (raw_header == ARCHIVE_EOF) return image_error(ImageErrorKind::Format, p.what + ": layer blob is empty");
  if (raw_header < ARCHIVE_WARN) return archive_failure(decompressor.get(), "not a layer blob");
  p.uncompressed_is_raw =
      archive_filter_code(decompressor.get(), 0) == ARCHIVE_FILTER_NONE && digest_algorithm == "sha256";

  LayerListing listing;
  if (archive_read_open(tar.get(), &p, nullptr, read_tar_stream, nullptr) != ARCHIVE_OK)
    return archive_failure(tar.get(), "not a tar stream");
  ::archive_entry* entry = nullptr;
  int r = ARCHIVE_OK;
  while ((r = archive_read_next_header(tar.get(), &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
    auto converted = to_layer_entry(tar.get(), entry, p.what, keep, budget);
    if (!converted) return std::unexpected(converted.error());
    if (p.error) return std::unexpected(*p.error);
    if (*converted) listing.entries.push_back(std::move(**converted));
  }
  if (r != ARCHIVE_EOF) return archive_failure(tar.get(), "invalid tar stream");

  // The tar reader stops at the end marker; hash whatever follows so the digests cover every byte.
  while (true) {
    auto chunk = next_decompressed(p);
    if (!chunk) return std::unexpected(chunk.error());
    if (chunk->empty()) break;
  }
  while (true) {
    auto chunk = source.next();
    if (!chunk) return std::unexpected(chunk.error());
    if (chunk->empty()) break;
    p.compressed_hash.update(*chunk);
    p.compressed_bytes += chunk->size();
  }

  const char* filter = archive_filter_name(decompressor.get(), 0);
  listing.stats.compression = filter ? filter : "none";
  listing.stats.compressed_bytes = p.compressed_bytes;
  listing.stats.uncompressed_bytes = p.uncompressed_bytes;
  listing.stats.compressed_digest = p.compressed_hash.finish();
  listing.stats.uncompressed_digest =
      p.uncompressed_is_raw ? listing.stats.compressed_digest : p.uncompressed_hash.finish();
  return listing;
}

}  // namespace bulwark::image
