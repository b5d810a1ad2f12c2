#include "report/fingerprint.h"

#include <fmt/format.h>

#include <cstdint>
#include <map>
#include <string_view>

namespace bulwark::report {
namespace {

// FNV-1a: stable across platforms and releases, which is all a fingerprint needs (it is not a
// security boundary: a baseline is reviewed like any other file in the repository).
uint64_t fnv1a(std::string_view s, uint64_t h = 14695981039346656037ull) {
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

std::string identity(const rules::Finding& f) {
  std::string key;
  key += f.rule ? f.rule->id : std::string_view("?");
  key += '\x1f';
  key += f.location.file;
  key += '\x1f';
  key += f.object;
  key += '\x1f';
  key += f.field_path;
  if (f.object.empty() && f.field_path.empty()) {
    key += '\x1f';
    key += f.message;
  }
  return key;
}

}  // namespace

std::vector<std::string> fingerprints(const std::vector<rules::Finding>& findings) {
  std::vector<std::string> out;
  out.reserve(findings.size());
  std::map<std::string, int> seen;
  for (const rules::Finding& f : findings) {
    std::string key = identity(f);
    const int n = ++seen[key];
    if (n > 1) key += fmt::format("\x1f#{}", n);
    out.push_back(fmt::format("{:016x}", fnv1a(key)));
  }
  return out;
}

}  // namespace bulwark::report
