#include "image/layer_path.h"

#include <gtest/gtest.h>

namespace bulwark::image {
namespace {

TEST(LayerPath, Normalises) {
  EXPECT_EQ(*normalize_layer_path("./etc/passwd", "l"), "/etc/passwd");
  EXPECT_EQ(*normalize_layer_path("etc//ssl/./certs/", "l"), "/etc/ssl/certs");
  EXPECT_EQ(*normalize_layer_path("./", "l"), "/");
  EXPECT_EQ(*normalize_layer_path(".", "l"), "/");
  EXPECT_EQ(*normalize_layer_path("a..b/..c", "l"), "/a..b/..c");
}

TEST(LayerPath, RejectsTraversalAndAbsolute) {
  EXPECT_EQ(normalize_layer_path("../etc/passwd", "l").error().kind, ImageErrorKind::PathTraversal);
  EXPECT_EQ(normalize_layer_path("usr/../../x", "l").error().kind, ImageErrorKind::PathTraversal);
  EXPECT_EQ(normalize_layer_path("/etc/passwd", "l").error().kind, ImageErrorKind::AbsolutePath);
  EXPECT_EQ(normalize_layer_path(std::string(5000, 'a'), "l").error().kind, ImageErrorKind::LimitExceeded);
}

TEST(LayerPath, ParentBaseJoin) {
  EXPECT_EQ(parent_path("/a/b"), "/a");
  EXPECT_EQ(parent_path("/a"), "/");
  EXPECT_EQ(base_name("/a/b"), "b");
  EXPECT_EQ(join_path("/", "x"), "/x");
  EXPECT_EQ(join_path("/a", "x"), "/a/x");
}

}  // namespace
}  // namespace bulwark::image
