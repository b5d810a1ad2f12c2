#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bulwark::server::testing {

/// Raw HTTP/2 frames (RFC 9113 section 4) for tests that misbehave on purpose.
namespace h2 {

inline constexpr uint8_t kData = 0, kHeaders = 1, kRstStream = 3, kSettings = 4, kGoaway = 7;
inline constexpr uint8_t kEndStream = 0x1, kEndHeaders = 0x4;

/// The client connection preface followed by an empty SETTINGS frame.
std::string client_preface();
/// A HEADERS frame with the header list HPACK-encoded (by libnghttp2's encoder).
std::string headers(int32_t stream, const std::vector<std::pair<std::string, std::string>>& fields,
                    bool end_stream);
std::string data(int32_t stream, std::string_view payload, bool end_stream);

struct Frame {
  uint8_t type = 0;
  uint8_t flags = 0;
  int32_t stream = 0;
  std::string payload;
  /// The error code of RST_STREAM and GOAWAY frames.
  uint32_t error_code() const;
};
/// Splits server output into frames (an incomplete last frame is dropped).
std::vector<Frame> parse(std::string_view bytes);

}  // namespace h2
}  // namespace bulwark::server::testing
