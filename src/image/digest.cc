#include "image/digest.h"

#include <openssl/evp.h>

#include <array>

namespace bulwark::image {

namespace {

std::size_t hex_length(std::string_view algorithm) {
  if (algorithm == "sha256") return 64;
  if (algorithm == "sha512") return 128;
  return 0;
}

const EVP_MD* md_for(std::string_view algorithm) {
  if (algorithm == "sha256") return EVP_sha256();
  if (algorithm == "sha512") return EVP_sha512();
  return nullptr;
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

void DigestHasher::CtxDeleter::operator()(evp_md_ctx_st* ctx) const {
  EVP_MD_CTX_free(ctx);
}

DigestHasher::DigestHasher(std::string algorithm, std::unique_ptr<evp_md_ctx_st, CtxDeleter> ctx)
    : algorithm_(std::move(algorithm)), ctx_(std::move(ctx)) {}

ImageResult<DigestHasher> DigestHasher::create(std::string_view algorithm) {
  const EVP_MD* md = md_for(algorithm);
  if (md == nullptr)
    return image_error(ImageErrorKind::Unsupported,
                       "digest algorithm \"" + std::string(algorithm) + "\" is not supported");
  std::unique_ptr<evp_md_ctx_st, CtxDeleter> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1)
    return image_error(ImageErrorKind::Io, "OpenSSL could not initialise " + std::string(algorithm));
  return DigestHasher(std::string(algorithm), std::move(ctx));
}

void DigestHasher::update(std::span<const std::byte> bytes) {
  if (!bytes.empty()) EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size());
}

void DigestHasher::update(std::string_view bytes) {
  if (!bytes.empty()) EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size());
}

Digest DigestHasher::finish() {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx_.get(), out.data(), &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
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
