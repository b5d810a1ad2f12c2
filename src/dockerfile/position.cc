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

Position SourceMap::position_in(std::size_t segment, std::size_t offset) const {
  const Segment& s = segments_[segment];
  const auto delta = static_cast<std::uint32_t>(offset - std::min<std::size_t>(offset, s.offset));
  return {s.at.line, s.at.column + delta};
}

Position SourceMap::at(std::size_t offset) const {
  if (segments_.empty()) return {};
  return position_in(segment_for(offset), offset);
}

Position SourceMap::at(std::size_t offset, std::size_t& hint) const {
  if (segments_.empty()) return {};
  if (hint >= segments_.size() || segments_[hint].offset > offset) {
    hint = segment_for(offset);  // a step back (or a stale hint): search afresh
  } else {
    while (hint + 1 < segments_.size() && segments_[hint + 1].offset <= offset) ++hint;
  }
  return position_in(hint, offset);
}

SourceMap SourceMap::suffix(std::size_t from) const {
  SourceMap out;
  if (!segments_.empty()) out.segments_.reserve(segments_.size() - segment_for(from));
  out.add(0, at(from));
  for (const Segment& s : segments_)
    if (s.offset > from) out.add(static_cast<std::uint32_t>(s.offset - from), s.at);
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
