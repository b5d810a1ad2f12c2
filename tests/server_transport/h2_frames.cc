#include "h2_frames.h"

#include <nghttp2/nghttp2.h>

namespace bulwark::server::testing::h2 {
namespace {

std::string frame(uint8_t type, uint8_t flags, int32_t stream, std::string_view payload) {
  std::string f;
  const auto size = static_cast<uint32_t>(payload.size());
  f += static_cast<char>(size >> 16);
  f += static_cast<char>(size >> 8);
  f += static_cast<char>(size);
  f += static_cast<char>(type);
  f += static_cast<char>(flags);
  for (int shift = 24; shift >= 0; shift -= 8) f += static_cast<char>(static_cast<uint32_t>(stream) >> shift);
  f += payload;
  return f;
}

uint32_t be32(std::string_view s, std::size_t at) {
  uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = v << 8 | static_cast<uint8_t>(s[at + i]);
  return v;
}

}  // namespace

std::string client_preface() {
  return std::string("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") + frame(kSettings, 0, 0, "");
}

std::string headers(int32_t stream, const std::vector<std::pair<std::string, std::string>>& fields,
                    bool end_stream) {
  std::vector<nghttp2_nv> nva;
  for (const auto& [name, value] : fields)
    nva.push_back({reinterpret_cast<uint8_t*>(const_cast<char*>(name.data())),
                   reinterpret_cast<uint8_t*>(const_cast<char*>(value.data())), name.size(), value.size(),
                   NGHTTP2_NV_FLAG_NONE});
  nghttp2_hd_deflater* deflater = nullptr;
  nghttp2_hd_deflate_new(&deflater, 4096);
  std::string block(nghttp2_hd_deflate_bound(deflater, nva.data(), nva.size()), '\0');
  const auto n = nghttp2_hd_deflate_hd(deflater, reinterpret_cast<uint8_t*>(block.data()), block.size(),
                                       nva.data(), nva.size());
  nghttp2_hd_deflate_del(deflater);
  block.resize(n < 0 ? 0 : static_cast<std::size_t>(n));
  return frame(kHeaders, static_cast<uint8_t>(kEndHeaders | (end_stream ? kEndStream : 0)), stream, block);
}

std::string data(int32_t stream, std::string_view payload, bool end_stream) {
  return frame(kData, end_stream ? kEndStream : 0, stream, payload);
}

uint32_t Frame::error_code() const {
  if (type == kRstStream && payload.size() >= 4) return be32(payload, 0);
  if (type == kGoaway && payload.size() >= 8) return be32(payload, 4);
  return 0;
}

std::vector<Frame> parse(std::string_view bytes) {
  std::vector<Frame> frames;
  while (bytes.size() >= 9) {
    const std::size_t size = static_cast<std::size_t>(static_cast<uint8_t>(bytes[0])) << 16 |
                             static_cast<std::size_t>(static_cast<uint8_t>(bytes[1])) << 8 |
                             static_cast<uint8_t>(bytes[2]);
    if (bytes.size() < 9 + size) break;
    Frame f;
    f.type = static_cast<uint8_t>(bytes[3]);
    f.flags = static_cast<uint8_t>(bytes[4]);
    f.stream = static_cast<int32_t>(be32(bytes, 5) & 0x7fffffffu);
    f.payload = bytes.substr(9, size);
    frames.push_back(std::move(f));
    bytes.remove_prefix(9 + size);
  }
  return frames;
}

}  // namespace bulwark::server::testing::h2
