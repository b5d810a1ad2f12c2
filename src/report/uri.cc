#include "report/uri.h"

#include <fmt/format.h>

namespace bulwark::report {

std::string path_to_uri(std::string_view path) {
  std::string out = path.starts_with('/') ? "file://" : "";
  if (path.starts_with("./")) path.remove_prefix(2);
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '.' || c == '_' || c == '~' || c == '/' || c == '@';
    if (unreserved)
      out += ch;
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

}  // namespace bulwark::report
