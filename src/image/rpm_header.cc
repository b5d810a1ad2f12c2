#include <cstdint>

#include "image/rpm_database.h"

namespace bulwark::image {

namespace {

// Tag numbers and types from rpm's rpmtag.h (stable since rpm 3).
constexpr std::uint32_t kTagName = 1000;
constexpr std::uint32_t kTagVersion = 1001;
constexpr std::uint32_t kTagRelease = 1002;
constexpr std::uint32_t kTagEpoch = 1003;
constexpr std::uint32_t kTagLicense = 1014;
constexpr std::uint32_t kTagArch = 1022;
constexpr std::uint32_t kTagSourceRpm = 1044;
constexpr std::uint32_t kTypeInt32 = 4;
constexpr std::uint32_t kTypeString = 6;
constexpr std::uint32_t kTypeI18nString = 9;
// rpm's own header sanity bounds (HEADER_TAGS_MAX, HEADER_DATA_MAX).
constexpr std::uint32_t kMaxTags = 0xffff;
constexpr std::uint32_t kMaxData = 256u << 20;

std::uint32_t be32(std::string_view bytes, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at])) << 24) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 8) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 3]));
}

}  // namespace

ImageResult<OsPackage> parse_rpm_header(std::string_view blob, std::string_view database) {
  auto bad = [&](const std::string& why) {
    return image_error(ImageErrorKind::Format, std::string(database) + ": malformed rpm header: " + why);
  };
  if (blob.size() < 8) return bad("shorter than its preamble");
  const std::uint32_t tags = be32(blob, 0);
  const std::uint32_t data_length = be32(blob, 4);
  if (tags > kMaxTags || data_length > kMaxData) return bad("implausible tag count or data length");
  const std::size_t index_end = 8 + static_cast<std::size_t>(tags) * 16;
  if (index_end + data_length > blob.size()) return bad("index and data run past the end of the blob");
  const std::string_view data = blob.substr(index_end, data_length);

  OsPackage p;
  p.manager = PackageManager::Rpm;
  p.database = database;
  std::string release;
  for (std::uint32_t i = 0; i < tags; ++i) {
    const std::size_t at = 8 + static_cast<std::size_t>(i) * 16;
    const std::uint32_t tag = be32(blob, at);
    const std::uint32_t type = be32(blob, at + 4);
    const std::uint32_t offset = be32(blob, at + 8);
    const std::uint32_t count = be32(blob, at + 12);
    if (offset >= data.size()) continue;
    std::string text;
    if (type == kTypeString || type == kTypeI18nString) {
      const auto end = data.find('\0', offset);
      if (end == std::string_view::npos) return bad("unterminated string for tag " + std::to_string(tag));
      text = std::string(data.substr(offset, end - offset));
    }
    switch (tag) {
      case kTagName:
        p.name = text;
        break;
      case kTagVersion:
        p.version = text;
        break;
      case kTagRelease:
        release = text;
        break;
      case kTagLicense:
        p.license = text;
        break;
      case kTagArch:
        p.arch = text;
        break;
      case kTagSourceRpm:
        p.source = text;
        break;
      case kTagEpoch:
        if (type == kTypeInt32 && count >= 1 && offset + 4 <= data.size()) p.epoch = be32(data, offset);
        break;
      default:
        break;
    }
  }
  if (p.name.empty() || p.version.empty()) return bad("no NAME or VERSION tag");
  if (!release.empty()) p.version += "-" + release;
  return p;
}

}  // namespace bulwark::image
