#include "doc/text_position.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace bulwark::doc {
namespace {

// ForwardPositionCursor takes shortcuts (eight bytes at a time, ASCII columns as byte counts);
// TextPositions answers each offset from a line table and a code-point count. Both must agree
// at every offset, in any visiting order.
void expect_agrees_everywhere(const std::string& text) {
  const TextPositions reference(text, 1);
  ForwardPositionCursor forward(text);
  for (std::size_t i = 0; i <= text.size(); ++i)
    ASSERT_EQ(forward.at(i), reference.from_offset(i))
        << "offset " << i << " of " << testing::PrintToString(text);
  std::mt19937 random(7);
  std::uniform_int_distribution<std::size_t> pick(0, text.size());
  ForwardPositionCursor jumping(text);
  for (int n = 0; n < 200; ++n) {
    const std::size_t i = pick(random);
    ASSERT_EQ(jumping.at(i), reference.from_offset(i))
        << "offset " << i << " of " << testing::PrintToString(text);
  }
}

TEST(ForwardPositionCursor, AgreesWithTheLineTable) {
  const std::vector<std::string> texts = {
      "",
      "{}",
      R"({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"uid": "1"}})",
      "{\n  \"a\": 1,\n  \"b\": [true, null]\n}\n",
      "\n\n\n",
      "line one is longer than eight bytes\nshort\n\nand a last line without a break",
      "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 after multibyte text that spans words\nna\xC3\xAFve\n",
      "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE6\x97\xA5\xE6\x9C\xAC",
      "crlf\r\nlines\r\n",
  };
  for (const std::string& text : texts) expect_agrees_everywhere(text);
}

TEST(ForwardPositionCursor, AgreesOnRandomText) {
  std::mt19937 random(11);
  const char alphabet[] = {'a', ' ', '\n', '"', '\xC3', '\xA9', '\xE2', '\x82', '\xAC', '\t', '\r'};
  for (int n = 0; n < 50; ++n) {
    std::string text;
    const std::size_t size = random() % 300;
    for (std::size_t i = 0; i < size; ++i) text.push_back(alphabet[random() % sizeof alphabet]);
    expect_agrees_everywhere(text);
  }
}

}  // namespace
}  // namespace bulwark::doc
