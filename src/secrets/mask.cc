#include "secrets/mask.h"

#include <algorithm>

namespace bulwark::secrets {

std::string mask(std::string_view secret) {
  // Short secrets show proportionally less: four characters of an 8-character password would
  // give away half of it.
  const std::size_t shown = std::min<std::size_t>(4, secret.size() / 4);
  std::string out;
  for (std::size_t i = 0; i < shown; ++i) {
    const unsigned char ch = static_cast<unsigned char>(secret[i]);
    out.push_back(ch >= 0x21 && ch < 0x7F ? static_cast<char>(ch) : '*');
  }
  out += "\u2026 (";
  out += std::to_string(secret.size());
  out += " chars)";
  return out;
}

std::string mask_range(std::string_view text, std::size_t offset, std::size_t length) {
  if (offset > text.size()) return std::string(text);
  length = std::min(length, text.size() - offset);
  std::string out(text.substr(0, offset));
  out += mask(text.substr(offset, length));
  out += text.substr(offset + length);
  return out;
}

}  // namespace bulwark::secrets
