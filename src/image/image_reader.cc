#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include <memory>
#include <set>

#include "image/image.h"
#include "image/image_limits.h"
#include "image/image_plan.h"
#include "image/layer_path.h"
#include "image/layer_reader.h"

namespace bulwark::image {

namespace {

struct ArchiveReadDeleter {
  void operator()(::archive* a) const { archive_read_free(a); }
};

ImageResult<void> verify_layer(const LayerPlan& plan, const LayerStats& stats, std::size_t index) {
  const std::string what = "layer " + std::to_string(index) + " (" + plan.blob_path + ")";
  if (plan.blob_digest && stats.compressed_digest != *plan.blob_digest)
    return image_error(ImageErrorKind::DigestMismatch,
                       what + ": content hashes to " + stats.compressed_digest.str() +
                           " but the manifest names " + plan.blob_digest->str());
  if (plan.size >= 0 && stats.compressed_bytes != static_cast<std::uint64_t>(plan.size))
    return image_error(ImageErrorKind::DigestMismatch,
                       what + ": is " + std::to_string(stats.compressed_bytes) +
                           " bytes but the manifest says " + std::to_string(plan.size));
  if (plan.diff_id && stats.uncompressed_digest != *plan.diff_id)
    return image_error(ImageErrorKind::DigestMismatch,
                       what + ": uncompressed content hashes to " + stats.uncompressed_digest.str() +
                           " but the config's rootfs.diff_ids[" + std::to_string(index) + "] is " +
                           plan.diff_id->str());
  return {};
}

LayerInfo layer_info(const LayerPlan& plan, const LayerListing& listing) {
  LayerInfo info;
  info.digest = plan.blob_digest ? *plan.blob_digest : plan.diff_id.value_or(listing.stats.compressed_digest);
  info.diff_id = listing.stats.uncompressed_digest.str();
  info.media_type = plan.media_type;
  info.compression = listing.stats.compression;
  info.compressed_bytes = listing.stats.compressed_bytes;
  info.uncompressed_bytes = listing.stats.uncompressed_bytes;
  info.entries = listing.entries.size();
  return info;
}

// Applies layers in order as their listings arrive (archives usually store them in order), so at
// most the out-of-order ones are held at once.
class LayerSequencer {
 public:
  LayerSequencer(const ImagePlan& plan, Image& image)
      : plan_(plan), image_(image), pending_(plan.layers.size()) {}

  ImageResult<void> deliver(std::size_t index, LayerListing&& listing) {
    if (auto ok = verify_layer(plan_.layers[index], listing.stats, index); !ok) return ok;
    image_.layers[index] = layer_info(plan_.layers[index], listing);
    pending_[index] = std::move(listing.entries);
    delivered_[index] = true;
    while (next_ < pending_.size() && delivered_[next_]) {
      const std::string what = "layer " + std::to_string(next_) + " (" + plan_.layers[next_].blob_path + ")";
      if (auto ok = builder_.apply(static_cast<std::uint32_t>(next_), std::move(*pending_[next_]), what); !ok)
        return ok;
      pending_[next_].reset();
      ++next_;
    }
    return {};
  }
  bool complete() const { return next_ == pending_.size(); }
  std::size_t next_missing() const { return next_; }
  Filesystem finish() && { return std::move(builder_).finish(); }

 private:
  const ImagePlan& plan_;
  Image& image_;
  std::vector<std::optional<std::vector<LayerEntry>>> pending_;
  std::map<std::size_t, bool> delivered_;
  std::size_t next_ = 0;
  FilesystemBuilder builder_;
};

std::string algorithm_of(const LayerPlan& plan) {
  return plan.blob_digest ? plan.blob_digest->algorithm : "sha256";
}

ImageResult<void> stream_from_directory(const std::string& dir, const ImagePlan& plan,
                                        const ReadOptions& options, ReadBudget& budget,
                                        LayerSequencer& sequencer) {
  for (std::size_t i = 0; i < plan.layers.size(); ++i) {
    auto source = FileByteSource::open(dir + plan.layers[i].blob_path);
    if (!source)
      return image_error(ImageErrorKind::NotFound,
                         "layer " + std::to_string(i) + ": " + source.error().message);
    auto listing = read_layer(*source, "layer " + std::to_string(i) + " (" + plan.layers[i].blob_path + ")",
                              algorithm_of(plan.layers[i]), options.keep_content, budget);
    if (!listing) return std::unexpected(listing.error());
    if (auto ok = sequencer.deliver(i, std::move(*listing)); !ok) return ok;
  }
  return {};
}

ImageResult<void> stream_from_archive(const std::string& path, const ImagePlan& plan,
                                      const ReadOptions& options, ReadBudget& budget,
                                      LayerSequencer& sequencer) {
  std::map<std::string, std::vector<std::size_t>, std::less<>> wanted;
  for (std::size_t i = 0; i < plan.layers.size(); ++i) wanted[plan.layers[i].blob_path].push_back(i);

  std::unique_ptr<::archive, ArchiveReadDeleter> a(archive_read_new());
  archive_read_support_filter_all(a.get());
  archive_read_support_format_tar(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 20) != ARCHIVE_OK)
    return image_error(ImageErrorKind::Io, path + ": cannot reopen the archive");
  std::set<std::string, std::less<>> done;
  ::archive_entry* entry = nullptr;
  int r = ARCHIVE_OK;
  while ((r = archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
    if (archive_entry_filetype(entry) != AE_IFREG || archive_entry_pathname(entry) == nullptr) continue;
    std::string_view name(archive_entry_pathname(entry));
    while (name.starts_with("/")) name.remove_prefix(1);
    auto normalized = normalize_layer_path(name, path);
    if (!normalized) continue;
    auto it = wanted.find(*normalized);
    if (it == wanted.end() || done.contains(*normalized)) continue;
    done.insert(*normalized);
    const std::vector<std::size_t>& indexes = it->second;
    ArchiveEntryByteSource source(a.get(), *normalized);
    auto listing = read_layer(source, "layer " + std::to_string(indexes.front()) + " (" + *normalized + ")",
                              algorithm_of(plan.layers[indexes.front()]), options.keep_content, budget);
    if (!listing) return std::unexpected(listing.error());
    // The same blob can back several layers (e.g. repeated empty layers).
    for (std::size_t k = 1; k < indexes.size(); ++k) {
      LayerListing copy = *listing;
      if (auto ok = sequencer.deliver(indexes[k], std::move(copy)); !ok) return ok;
    }
    if (auto ok = sequencer.deliver(indexes.front(), std::move(*listing)); !ok) return ok;
  }
  if (r != ARCHIVE_EOF) {
    const char* message = archive_error_string(a.get());
    return image_error(ImageErrorKind::Format,
                       path + ": invalid tar archive: " + (message ? message : "unknown"));
  }
  if (!sequencer.complete())
    return image_error(ImageErrorKind::NotFound, "layer " + std::to_string(sequencer.next_missing()) + " (" +
                                                     plan.layers[sequencer.next_missing()].blob_path +
                                                     ") is not in the archive");
  return {};
}

void attach_history(Image& image) {
  std::size_t layer = 0;
  for (const HistoryEntry& step : image.config.history) {
    if (step.empty_layer) continue;
    if (layer >= image.layers.size()) break;
    image.layers[layer++].created_by = step.created_by;
  }
}

}  // namespace

const char* to_string(ImageFormat format) {
  switch (format) {
    case ImageFormat::DockerArchive:
      return "docker-archive";
    case ImageFormat::OciLayout:
      return "oci-layout";
    case ImageFormat::OciArchive:
      return "oci-archive";
  }
  return "unknown";
}

ImageResult<Image> read_image(const std::string& path, const ReadOptions& options) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return image_error(ImageErrorKind::Io, path + ": no such file or directory");
  const bool directory = S_ISDIR(st.st_mode);
  ImageResult<MetadataStore> store = directory
                                         ? ImageResult<MetadataStore>(MetadataStore::from_directory(path))
                                         : MetadataStore::from_archive(path);
  if (!store) return std::unexpected(store.error());
  auto plan = plan_image(*store, options, path);
  if (!plan) return std::unexpected(plan.error());
  if (plan->format == ImageFormat::OciLayout && !directory) plan->format = ImageFormat::OciArchive;

  Image image;
  image.format = plan->format;
  image.source = path;
  image.reference = plan->reference;
  image.manifest_digest = plan->manifest_digest;
  image.config_digest = plan->config_digest;
  image.platform = Platform{plan->config.os, plan->config.architecture, plan->config.variant};
  image.layers.resize(plan->layers.size());

  ReadBudget budget{limits::kMaxEntries, limits::kMaxKeptTotalBytes};
  LayerSequencer sequencer(*plan, image);
  auto streamed = directory ? stream_from_directory(path, *plan, options, budget, sequencer)
                            : stream_from_archive(path, *plan, options, budget, sequencer);
  if (!streamed) return image_error(streamed.error().kind, path + ": " + streamed.error().message);
  image.fs = std::move(sequencer).finish();
  image.config = std::move(plan->config);
  attach_history(image);
  return image;
}

}  // namespace bulwark::image
