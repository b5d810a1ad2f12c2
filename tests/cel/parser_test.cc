#include "cel/parser.h"

#include <gtest/gtest.h>

namespace bulwark::cel {
namespace {

TEST(Parser, ReportsLineAndColumn) {
  auto r = parse("1 + 2\n3 +");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().line, 2);
  EXPECT_EQ(r.error().col, 1);
}

}  // namespace
}  // namespace bulwark::cel
