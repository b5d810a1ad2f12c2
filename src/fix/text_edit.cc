#include "fix/text_edit.h"

#include <algorithm>
#include <vector>

namespace bulwark::fix {

std::expected<std::string, std::string> apply_edits(std::string_view text, std::span<const TextEdit> edits) {
  std::vector<const TextEdit*> sorted;
  sorted.reserve(edits.size());
  for (const TextEdit& e : edits) {
    if (e.begin > e.end || e.end > text.size()) return std::unexpected("edit outside the text");
    sorted.push_back(&e);
  }
  std::ranges::stable_sort(sorted, [](const TextEdit* a, const TextEdit* b) {
    if (a->begin != b->begin) return a->begin < b->begin;
    return a->order < b->order;
  });
  std::string out;
  std::size_t added = 0;
  for (const TextEdit* e : sorted) added += e->replacement.size();
  out.reserve(text.size() + added);
  std::size_t at = 0;
  for (const TextEdit* e : sorted) {
    if (e->begin < at) return std::unexpected("overlapping edits at byte " + std::to_string(e->begin));
    out.append(text.substr(at, e->begin - at));
    out.append(e->replacement);
    at = e->end;
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace bulwark::fix
