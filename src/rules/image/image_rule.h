#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "image/image.h"
#include "rules/finding.h"
#include "rules/rule_meta.h"

namespace bulwark::rules::image {

namespace img = bulwark::image;

/// What an image rule sees: the read image (config, layers, union filesystem, removed files) and a
/// way to make findings that point at the image, the layer and the path.
class ImageContext {
 public:
  explicit ImageContext(const img::Image& image);

  const img::Image& image() const { return image_; }
  /// "image example/app:1.0" (or the archive path when the image names no reference).
  const std::string& display_name() const { return display_name_; }
  /// Looks a path up following symlinks inside the image; nullptr when absent or on a symlink loop.
  const img::FileInfo* resolve(std::string_view path) const;
  /// True when the image presents itself as minimal: a distroless package layout (dpkg status.d without
  /// a status file) or "distroless" / "minimal" in its reference or labels.
  bool claims_minimal() const { return claims_minimal_; }

  /// "layer 3 (sha256:1a2b3c4d5e6f…)", with the history step that made it when known (secrets masked).
  std::string describe_layer(std::uint32_t layer) const;

  /// A finding about the image config; `field` is the config key ("config.User").
  Finding config_finding(const RuleMeta& rule, std::string field, std::string message) const;
  /// A finding about a file; the field path is the file's path and the snippet names its layer.
  Finding file_finding(const RuleMeta& rule, const img::FileInfo& file, std::string message) const;

 private:
  const img::Image& image_;
  std::string display_name_;
  bool claims_minimal_ = false;
};

/// A check over one image.
using ImageCheck = void (*)(const ImageContext&, FindingSink&);
struct ImageRule {
  const RuleMeta* meta;
  ImageCheck check;
};

/// Every built-in image rule.
std::span<const ImageRule> image_rules();

/// Runs every image rule (all are on by default) over a read image.
std::vector<Finding> check_image(const img::Image& image);

/// The content the image rules need (package databases, candidate secret files), for
/// image::ReadOptions::keep_content. Bounded per file by the reader.
bool wants_content(std::string_view path, std::uint64_t size);

/// Replaces every credential the secret scanner finds in `text` by its masked form.
std::string mask_secrets_in(std::string_view text);

}  // namespace bulwark::rules::image
