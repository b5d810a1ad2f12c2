#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bulwark::dockerfile {

/// A 1-based line and byte column in the Dockerfile text.
struct Position {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  friend bool operator==(const Position&, const Position&) = default;
};

/// Maps byte offsets of a derived string (an instruction's joined arguments, a heredoc body, the unquoted
/// script of `sh -c`) back to where each byte was written, because continuation lines, dropped comment
/// lines and quote removal make the derived text differ from the file.
class SourceMap {
 public:
  SourceMap() = default;
  /// A map where offset 0 is at `start` and the text continues on that line.
  explicit SourceMap(Position start) { add(0, start); }

  /// Declares that the derived text from `offset` on continues at `at` (until the next segment).
  void add(std::uint32_t offset, Position at);
  /// The source position of the derived byte at `offset`.
  Position at(std::size_t offset) const;
  /// The same, resuming the search at segment `hint` (0 to start) and leaving there the segment found:
  /// a caller looking up increasing offsets (every word of a long continued RUN) walks the map once.
  /// Inline: the splitter places every shell word through here.
  Position at(std::size_t offset, std::size_t& hint) const {
    if (segments_.empty()) return {};
    if (hint >= segments_.size() || segments_[hint].offset > offset) {
      hint = segment_for(offset);  // a step back (or a stale hint): search afresh
    } else {
      while (hint + 1 < segments_.size() && segments_[hint + 1].offset <= offset) ++hint;
    }
    return position_in(hint, offset);
  }
  /// A map for the suffix of the described text that starts at `from`.
  SourceMap suffix(std::size_t from) const;
  /// A map for a text whose byte i came from byte origin[i] of the text this map describes.
  SourceMap compose(const std::vector<std::uint32_t>& origin) const;
  bool empty() const { return segments_.empty(); }
  /// Forgets every segment (keeping the storage, for a map that is filled again).
  void clear() { segments_.clear(); }

 private:
  struct Segment {
    std::uint32_t offset;
    Position at;
  };
  /// Index of the last segment starting at or before `offset` (0 when none does).
  std::size_t segment_for(std::size_t offset) const;
  Position position_in(std::size_t segment, std::size_t offset) const {
    const Segment& s = segments_[segment];
    const auto delta = static_cast<std::uint32_t>(offset - (offset < s.offset ? offset : s.offset));
    return {s.at.line, s.at.column + delta};
  }
  std::vector<Segment> segments_;
};

/// A problem found while reading a Dockerfile, with where it is and why it is one.
struct Diagnostic {
  Position pos;
  std::string reason;
};

}  // namespace bulwark::dockerfile
