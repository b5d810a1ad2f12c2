// SourceMap lookups (plain and resuming from a hint) and the word splitting the parser builds on.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dockerfile/position.h"
#include "dockerfile/words.h"

namespace bulwark::dockerfile {
namespace {

// "RUN a \\\n  b \\\n  c" joined: "a b c" is three segments, each continuing on its own line.
SourceMap three_lines() {
  SourceMap map;
  map.add(0, {1, 5});
  map.add(2, {2, 3});
  map.add(4, {3, 3});
  return map;
}

TEST(SourceMap, PlacesEachOffsetInItsSegment) {
  const SourceMap map = three_lines();
  EXPECT_EQ(map.at(0), (Position{1, 5}));
  EXPECT_EQ(map.at(1), (Position{1, 6}));
  EXPECT_EQ(map.at(2), (Position{2, 3}));
  EXPECT_EQ(map.at(4), (Position{3, 3}));
  EXPECT_EQ(map.at(9), (Position{3, 8}));
}

TEST(SourceMap, HintedLookupsAgreeWithPlainOnesInAnyOrder) {
  // More segments than the linear-scan limit, so both search paths are used.
  SourceMap map;
  for (std::uint32_t k = 0; k < 20; ++k) map.add(k * 10, {k + 1, 3});
  const std::vector<std::size_t> offsets{0, 5, 10, 11, 35, 35, 199, 250, 3, 120, 119, 0, 64};
  std::size_t hint = 0;
  for (std::size_t offset : offsets) EXPECT_EQ(map.at(offset, hint), map.at(offset)) << offset;
  std::size_t stale = 1000;  // out of range: searched afresh
  EXPECT_EQ(map.at(42, stale), map.at(42));
}

TEST(SourceMap, SuffixPlacesEveryByteWhereTheWholeMapDoes) {
  // A suffix starting anywhere (inside a segment, on a segment start, past the end), for a short map, a
  // long one (bisected) and one whose first segment does not start at 0.
  SourceMap long_map;
  for (std::uint32_t k = 0; k < 20; ++k) long_map.add(k * 10 + (k % 3), {k + 1, 3 + k});
  SourceMap late;
  late.add(5, {2, 1});
  late.add(9, {4, 7});
  for (const SourceMap* map : {&long_map, &late}) {
    for (std::size_t from = 0; from < 230; ++from) {
      const SourceMap suffix = map->suffix(from);
      // Offsets before a map's first segment have no position of their own: compare from there on.
      const std::size_t known = map == &late ? 5 : 0;
      for (std::size_t k = from < known ? known - from : 0; from + k < 240; ++k)
        ASSERT_EQ(suffix.at(k), map->at(from + k)) << "from " << from << " k " << k;
    }
  }
  const SourceMap short_map = three_lines();
  for (std::size_t from = 0; from < 8; ++from)
    for (std::size_t k = 0; k < 8; ++k) EXPECT_EQ(short_map.suffix(from).at(k), short_map.at(from + k));
  EXPECT_EQ(SourceMap().suffix(3).at(0), Position{});
}

TEST(SourceMap, EmptyMapHasNoPosition) {
  std::size_t hint = 0;
  EXPECT_EQ(SourceMap().at(3, hint), Position{});
}

std::vector<std::string> words(std::string_view text, char escape = '\\') {
  std::vector<std::string> out;
  for (const Span& s : split_words(text, escape)) out.emplace_back(text.substr(s.offset, s.length));
  return out;
}

// BuildKit's word grouping: blanks split outside quotes; quotes and escapes stay in the word.
TEST(SplitWords, GroupsOnBlanksOutsideQuotes) {
  EXPECT_EQ(words("  a\tbb  ccc "), (std::vector<std::string>{"a", "bb", "ccc"}));
  EXPECT_EQ(words(R"(k="a b" 'c d'e f)"), (std::vector<std::string>{R"(k="a b")", "'c d'e", "f"}));
  EXPECT_EQ(words(R"(a\ b c)"), (std::vector<std::string>{R"(a\ b)", "c"}));
  EXPECT_EQ(words(R"("a\" b" c)"), (std::vector<std::string>{R"("a\" b")", "c"}));
  EXPECT_EQ(words(R"('a\' b)"), (std::vector<std::string>{R"('a\')", "b"}));  // no escapes in '...'
  EXPECT_EQ(words("a` b c", '`'), (std::vector<std::string>{"a` b", "c"}));
  EXPECT_EQ(words(R"(a\ b)", '`'), (std::vector<std::string>{R"(a\)", "b"}));
  EXPECT_EQ(words("\"open quote"), (std::vector<std::string>{"\"open quote"}));
  EXPECT_EQ(words("trailing\\"), (std::vector<std::string>{"trailing\\"}));
  EXPECT_TRUE(words(" \t\r\n").empty());
}

}  // namespace
}  // namespace bulwark::dockerfile
