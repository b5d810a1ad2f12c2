#include "dockerfile/position.h"

#include <algorithm>

namespace bulwark::dockerfile {

void SourceMap::add(std::uint32_t offset, Position at) {
  if (!segments_.empty() && segments_.back().offset == offset) {
    segments_.back().at = at;
    return;
  }
  segments_.push_back({offset, at});
}

std::size_t SourceMap::segment_for(std::size_t offset) const {
  // Most maps have a segment or two (one per continuation line): look from the front before bisecting.
  auto it = segments_.begin() + 1;
  if (segments_.size() <= 8) {
    while (it != segments_.end() && it->offset <= offset) ++it;
  } else {
    it = std::upper_bound(segments_.begin(), segments_.end(), offset,
                          [](std::size_t value, const Segment& s) { return value < s.offset; });
  }
  if (it != segments_.begin()) --it;
  return static_cast<std::size_t>(it - segments_.begin());
}

Position SourceMap::at(std::size_t offset) const {
  if (segments_.empty()) return {};
  return position_in(segment_for(offset), offset);
}

SourceMap SourceMap::suffix(std::size_t from) const {
  SourceMap out;
  if (segments_.empty()) {
    out.add(0, {});
    return out;
  }
  // The segment holding `from` starts the suffix; every later one follows, shifted (they start past
  // `from`, in increasing order, so none merges with the first). A map whose first segment starts past
  // `from` keeps that segment too.
  const std::size_t first = segment_for(from);
  out.segments_.reserve(segments_.size() - first + 1);
  out.segments_.push_back({0, position_in(first, from)});
  for (std::size_t k = segments_[first].offset <= from ? first + 1 : first; k < segments_.size(); ++k)
    out.segments_.push_back({static_cast<std::uint32_t>(segments_[k].offset - from), segments_[k].at});
  return out;
}

SourceMap SourceMap::compose(const std::vector<std::uint32_t>& origin) const {
  SourceMap out;
  Position previous{};
  for (std::size_t i = 0; i < origin.size(); ++i) {
    const Position p = at(origin[i]);
    const bool continues = i > 0 && p.line == previous.line && p.column == previous.column + 1;
    if (!continues) out.add(static_cast<std::uint32_t>(i), p);
    previous = p;
  }
  if (out.empty()) out.add(0, at(0));
  return out;
}

}  // namespace bulwark::dockerfile
