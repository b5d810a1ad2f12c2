#include "image/digest.h"

#include <nettle/sha2.h>

#include <array>

namespace bulwark::image {

namespace {

std::size_t hex_length(std::string_view algorithm) {
  if (algorithm == "sha256") return 64;
  if (algorithm == "sha512") return 128;
  return 0;
}

}  // namespace

ImageResult<Digest> parse_digest(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos)
    return image_error(ImageErrorKind::Format,
                       "digest \"" + std::string(text) + "\" has no algorithm prefix");
  const std::string_view algorithm = text.substr(0, colon);
  const std::string_view hex = text.substr(colon + 1);
  const std::size_t want = hex_length(algorithm);
  if (want == 0)
    return image_error(ImageErrorKind::Unsupported, "digest algorithm \"" + std::string(algorithm) +
                                                        "\" is not supported (sha256, sha512)");
  if (hex.size() != want)
    return image_error(ImageErrorKind::Format, "digest \"" + std::string(text) + "\" has " +
                                                   std::to_string(hex.size()) + " hex digits, expected " +
                                                   std::to_string(want));
  for (char c : hex)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
      return image_error(ImageErrorKind::Format,
                         "digest \"" + std::string(text) + "\" is not lowercase hexadecimal");
  return Digest{std::string(algorithm), std::string(hex)};
}

DigestHasher::DigestHasher(std::string algorithm, State state)
    : algorithm_(std::move(algorithm)), state_(std::move(state)) {}

ImageResult<DigestHasher> DigestHasher::create(std::string_view algorithm) {
  State state;
  if (algorithm == "sha256") {
    sha256_init(&state.emplace<sha256_ctx>());
  } else if (algorithm == "sha512") {
    sha512_init(&state.emplace<sha512_ctx>());
  } else {
    return image_error(ImageErrorKind::Unsupported,
                       "digest algorithm \"" + std::string(algorithm) + "\" is not supported");
  }
  return DigestHasher(std::string(algorithm), std::move(state));
}

void DigestHasher::update(std::span<const std::byte> bytes) {
  update(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

void DigestHasher::update(std::string_view bytes) {
  if (bytes.empty()) return;
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  if (auto* sha256 = std::get_if<sha256_ctx>(&state_))
    sha256_update(sha256, bytes.size(), data);
  else if (auto* sha512 = std::get_if<sha512_ctx>(&state_))
    sha512_update(sha512, bytes.size(), data);
}

Digest DigestHasher::finish() {
  std::array<uint8_t, SHA512_DIGEST_SIZE> out{};
  std::size_t length = 0;
  if (auto* sha256 = std::get_if<sha256_ctx>(&state_)) {
    length = SHA256_DIGEST_SIZE;
    sha256_digest(sha256, length, out.data());
  } else if (auto* sha512 = std::get_if<sha512_ctx>(&state_)) {
    length = SHA512_DIGEST_SIZE;
    sha512_digest(sha512, length, out.data());
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (std::size_t i = 0; i < length; ++i) {
    hex.push_back(kHex[out[i] >> 4]);
    hex.push_back(kHex[out[i] & 0xf]);
  }
  return Digest{algorithm_, std::move(hex)};
}

Digest sha256_of(std::string_view bytes) {
  auto hasher = DigestHasher::create("sha256");
  hasher->update(bytes);
  return hasher->finish();
}

ImageResult<void> verify_digest(std::string_view bytes, const Digest& expected, std::string_view what) {
  auto hasher = DigestHasher::create(expected.algorithm);
  if (!hasher) return std::unexpected(hasher.error());
  hasher->update(bytes);
  const Digest actual = hasher->finish();
  if (actual != expected)
    return image_error(ImageErrorKind::DigestMismatch, std::string(what) + ": content hashes to " +
                                                           actual.str() + " but is named " + expected.str());
  return {};
}

}  // namespace bulwark::image
