#include "cel/parser.h"

#include <gtest/gtest.h>

namespace bulwark::cel {
namespace {

TEST(CelParser, ReportsLineAndColumn) {
  auto r = parse("1 + 2\n3 +");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().line, 2);
  EXPECT_EQ(r.error().col, 1);
}

}  // namespace
}  // namespace bulwark::cel

namespace bulwark::cel {
namespace {

TEST(CelParser, LongOperatorChainsAreBoundedNotStackOverflows) {
  std::string expr = "1";
  for (int i = 0; i < 100000; ++i) expr += " + 1";
  auto r = parse(expr);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("recursion limit"), std::string::npos);
  std::string nested(100000, '[');
  EXPECT_FALSE(parse(nested).has_value());
}

TEST(CelParser, GarbageNeverCrashes) {
  // Deterministic soup of CEL tokens and raw bytes: every input must give a value or a positioned error.
  const char* pieces[] = {"a",  ".",   "(",    ")",    "[",    "]",    "{",  "}",        ",",        ":",
                          "?",  "!",   "-",    "+",    "&&",   "||",   "==", "'x'",      "\"",       "1",
                          "2u", "3.5", "in",   "has(", "all(", "map(", ".?", "[?",       "b'\\xff'", "r'''",
                          "`",  "\n",  "\xff", "\\u",  "//",   "0x",   "1e", "exists(x,"};
  std::uint64_t state = 12345;
  for (int n = 0; n < 3000; ++n) {
    std::string expr;
    int len = static_cast<int>(state % 24);
    for (int i = 0; i < len; ++i) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      expr += pieces[(state >> 33) % (sizeof pieces / sizeof pieces[0])];
    }
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    auto r = parse(expr);
    if (!r) {
      EXPECT_GE(r.error().line, 1);
      EXPECT_GE(r.error().col, 1);
    }
  }
}

}  // namespace
}  // namespace bulwark::cel
