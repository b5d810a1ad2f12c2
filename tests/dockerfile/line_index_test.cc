// The line index is found 16 bytes at a time; lines must start where a byte-by-byte reading of the
// text says, whatever the text's length and wherever its line breaks fall around the 16-byte steps.
#include "dockerfile/line_index.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "dockerfile/parser.h"

namespace bulwark::dockerfile {
namespace {

std::vector<std::uint32_t> byte_by_byte(std::string_view text, std::size_t from) {
  std::vector<std::uint32_t> starts{static_cast<std::uint32_t>(from)};
  for (std::size_t i = from; i < text.size(); ++i)
    if (text[i] == '\n') starts.push_back(static_cast<std::uint32_t>(i + 1));
  return starts;
}

TEST(LineIndex, StartsAfterEveryLineBreakAtEveryPlace) {
  EXPECT_EQ(line_starts(""), (std::vector<std::uint32_t>{0}));
  EXPECT_EQ(line_starts("a\nbc\n"), (std::vector<std::uint32_t>{0, 2, 5}));
  EXPECT_EQ(line_starts("\xEF\xBB\xBF"
                        "FROM a\nRUN b",
                        3),
            (std::vector<std::uint32_t>{3, 10}));
  std::mt19937 random(7);
  for (std::size_t length = 0; length <= 70; ++length) {
    for (int round = 0; round < 40; ++round) {
      std::string text(length, 'x');
      for (char& c : text) c = "x\n\r\xff"[random() % 4];
      for (const std::size_t from : {std::size_t{0}, std::min<std::size_t>(3, length)})
        EXPECT_EQ(line_starts(text, from), byte_by_byte(text, from)) << length << " " << round;
    }
  }
}

TEST(LineIndex, TheParsedFileKeepsItsLinesForQuoting) {
  const std::string text = "\xEF\xBB\xBF# syntax=docker/dockerfile:1\r\nFROM a\r\n\nRUN b \\\n  c\n";
  const Dockerfile file = parse(text);
  ASSERT_EQ(file.line_starts.size(), 6u);
  EXPECT_EQ(file.line_starts[0], 3u);  // after the byte order mark
  EXPECT_EQ(text.substr(file.line_starts[1], 6), "FROM a");
  EXPECT_EQ(file.instructions.at(1).pos, (Position{4, 1}));
  EXPECT_EQ(file.instructions.at(1).end_line, 5u);
}

}  // namespace
}  // namespace bulwark::dockerfile
