#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bulwark::secrets {

/// Decodes standard base64 (RFC 4648 §4, as Kubernetes Secret `data` holds it). Whitespace is
/// skipped; padding is optional. nullopt when the text is not base64.
std::optional<std::string> decode_base64(std::string_view text);

}  // namespace bulwark::secrets
