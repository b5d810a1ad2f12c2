// Every rule of this catalog carries the metadata DESIGN.md asks for.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "catalog_run.h"
#include "rules/catalog.h"

namespace bulwark::rules {
namespace {

std::size_t sentences(std::string_view text) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i)
    if ((text[i] == '.' || text[i] == '!' || text[i] == '?') &&
        (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == ')'))
      ++n;
  return n;
}

TEST(CatalogMetadata, EveryRuleIsDocumented) {
  std::set<std::string_view> ids;
  std::size_t count = 0;
  for (const RuleMeta* meta : all_rules()) {
    if (!testing::in_catalog_families(*meta)) continue;
    ++count;
    SCOPED_TRACE(std::string(meta->id));
    EXPECT_TRUE(meta->id.starts_with("BW-"));
    EXPECT_TRUE(ids.insert(meta->id).second) << "duplicate id";
    EXPECT_FALSE(meta->title.empty());
    const std::size_t s = sentences(meta->why);
    EXPECT_GE(s, 2u) << meta->why;
    EXPECT_LE(s, 5u) << meta->why;
    EXPECT_FALSE(meta->fix.empty());
    EXPECT_FALSE(meta->references.empty());
    for (const Reference& r : meta->references) EXPECT_TRUE(r.url.starts_with("https://")) << r.url;
    EXPECT_EQ(find_rule(meta->id), meta);
  }
  EXPECT_GE(count, 70u);
}

TEST(CatalogMetadata, NoRuleRestatesAPodSecurityStandardsId) {
  for (const RuleMeta* meta : all_rules()) {
    if (testing::in_catalog_families(*meta)) {
      EXPECT_FALSE(meta->id.starts_with("PSS-")) << meta->id;
    }
  }
}

}  // namespace
}  // namespace bulwark::rules
