#pragma once

#include <string>
#include <string_view>

namespace bulwark::secrets {

/// The only form in which a secret may appear in any output: its first 4 characters (fewer
/// for short values, non-printable bytes shown as '*') and its length, e.g. `ghp_… (40 chars)`.
std::string mask(std::string_view secret);

/// `text` with the byte range [offset, offset+length) replaced by mask() of that range: for
/// code snippets that would otherwise show the secret.
std::string mask_range(std::string_view text, std::size_t offset, std::size_t length);

}  // namespace bulwark::secrets
