#include "fix/digest_pins.h"

#include <cctype>

namespace bulwark::fix {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Splits "registry/path:tag" into repository and tag ("" when none); the tag follows the last
// ':' of the last path component (a registry port is not a tag).
std::pair<std::string_view, std::string_view> split_tag(std::string_view image) {
  const auto slash = image.rfind('/');
  const auto colon = image.rfind(':');
  if (colon == std::string_view::npos || (slash != std::string_view::npos && colon < slash))
    return {image, {}};
  return {image.substr(0, colon), image.substr(colon + 1)};
}

bool valid_digest(std::string_view d) {
  if (!d.starts_with("sha256:") || d.size() != 7 + 64) return false;
  for (char c : d.substr(7))
    if (!std::isxdigit(static_cast<unsigned char>(c)) || std::isupper(static_cast<unsigned char>(c)))
      return false;
  return true;
}

}  // namespace

std::string normalise_image(std::string_view image) {
  auto [repo, tag] = split_tag(image);
  std::string r(repo);
  const auto slash = r.find('/');
  const std::string_view first =
      slash == std::string::npos ? std::string_view{} : std::string_view(r).substr(0, slash);
  const bool has_registry =
      slash != std::string::npos && (first.find('.') != std::string_view::npos ||
                                     first.find(':') != std::string_view::npos || first == "localhost");
  if (!has_registry) r = (slash == std::string::npos ? "docker.io/library/" : "docker.io/") + r;
  return r + ":" + std::string(tag.empty() ? "latest" : tag);
}

void DigestPins::add(std::string image, std::string digest) {
  digests_[normalise_image(image)] = std::move(digest);
}

std::expected<DigestPins, std::string> DigestPins::parse(std::string_view text) {
  DigestPins pins;
  std::size_t line_no = 0;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = trim(line);
    if (line.empty()) continue;
    auto sep = line.find_first_of(" \t=");
    if (sep == std::string_view::npos)
      return std::unexpected("line " + std::to_string(line_no) + ": expected `IMAGE[:TAG] sha256:DIGEST`");
    const std::string_view image = trim(line.substr(0, sep));
    std::string_view digest = trim(line.substr(sep));
    if (digest.starts_with('=')) digest = trim(digest.substr(1));
    if (image.find('@') != std::string_view::npos)
      return std::unexpected("line " + std::to_string(line_no) + ": the image already has a digest");
    if (!valid_digest(digest))
      return std::unexpected("line " + std::to_string(line_no) + ": `" + std::string(digest) +
                             "` is not a sha256 digest (sha256: and 64 lower-case hex digits)");
    pins.add(std::string(image), std::string(digest));
  }
  return pins;
}

std::optional<std::string> DigestPins::pin(std::string_view image) const {
  if (image.find('@') != std::string_view::npos) return std::nullopt;
  auto it = digests_.find(normalise_image(image));
  if (it == digests_.end()) return std::nullopt;
  return std::string(split_tag(image).first) + "@" + it->second;
}

}  // namespace bulwark::fix
