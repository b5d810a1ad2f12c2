#pragma once

#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace bulwark::fix {

/// Image references and the digests to pin them to, read from a file the user keeps (no
/// registry is ever asked). One pin a line, `IMAGE[:TAG] sha256:HEX` (or `=` between them);
/// blank lines and `#` comments are ignored. An image without a tag means `:latest`.
class DigestPins {
 public:
  static std::expected<DigestPins, std::string> parse(std::string_view text);
  /// The pinned reference for an image as written ("nginx:latest" → "nginx@sha256:..."), or
  /// nullopt when the map has no digest for it.
  std::optional<std::string> pin(std::string_view image) const;
  bool empty() const { return digests_.empty(); }
  void add(std::string image, std::string digest);

 private:
  std::map<std::string, std::string, std::less<>> digests_;  // normalised "repo:tag" → digest
};

/// "nginx" → "docker.io/library/nginx:latest": the form two spellings of one image share.
std::string normalise_image(std::string_view image);

}  // namespace bulwark::fix
