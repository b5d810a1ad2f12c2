#include "fix/tree_compare.h"

#include <algorithm>

#include "fix/document_editor.h"

namespace bulwark::fix {
namespace {

struct Comparer {
  std::span<const std::string> allowed;

  bool is_allowed(const std::string& path) const { return std::ranges::find(allowed, path) != allowed.end(); }

  std::optional<std::string> compare(const doc::Node& a, const doc::Node& b, const std::string& path,
                                     int depth) const {
    if (is_allowed(path)) return std::nullopt;
    if (depth > 512 || a.kind() != b.kind()) return path.empty() ? "<root>" : path;
    if (a.is_mapping()) {
      if (a.size() > b.size()) return path;
      for (const doc::MapEntry& e : a.entries()) {
        const doc::Node* other = b.get(e.name);
        const std::string here = join_path(path, e.name);
        if (!other) return here;
        if (auto d = compare(*e.value, *other, here, depth + 1)) return d;
      }
      for (const doc::MapEntry& e : b.entries())
        if (!a.get(e.name) && !is_allowed(join_path(path, e.name))) return join_path(path, e.name);
      return std::nullopt;
    }
    if (a.is_sequence()) {
      if (a.size() != b.size()) return path;
      for (std::size_t i = 0; i < a.size(); ++i)
        if (auto d = compare(*a.at(i), *b.at(i), path + "[" + std::to_string(i) + "]", depth + 1)) return d;
      return std::nullopt;
    }
    if (a.text() != b.text() || a.as_bool() != b.as_bool()) return path.empty() ? "<root>" : path;
    return std::nullopt;
  }
};

}  // namespace

std::optional<std::string> first_difference(const doc::Node& before, const doc::Node& after,
                                            std::span<const std::string> allowed) {
  return Comparer{allowed}.compare(before, after, "", 0);
}

}  // namespace bulwark::fix
