// The rule documentation in the repository is generated (scripts/generate-docs, `make docs`);
// this fails when someone changes a rule's metadata and forgets to regenerate it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "report/rule_docs.h"
#include "rules/catalog.h"

namespace bulwark {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const fs::path kRoot = BULWARK_SOURCE_DIR;

TEST(DocsAreCurrent, OnePageForEveryRule) {
  std::set<std::string> expected;
  for (const rules::RuleMeta* r : rules::all_rules()) {
    const std::string name = std::string(r->id) + ".md";
    expected.insert(name);
    const fs::path page = kRoot / "docs/rules" / name;
    ASSERT_TRUE(fs::exists(page)) << page << " is missing: run `make docs`";
    EXPECT_EQ(read(page), report::render_rule_page_markdown(*r)) << page << " is stale: run `make docs`";
  }
  for (const auto& entry : fs::directory_iterator(kRoot / "docs/rules")) {
    if (entry.path().extension() == ".md") {
      EXPECT_TRUE(expected.contains(entry.path().filename().string()))
          << entry.path() << " documents no rule: run `make docs`";
    }
  }
}

TEST(DocsAreCurrent, ReadmeRuleTable) {
  const std::string readme = read(kRoot / "README.md");
  const auto begin = readme.find("<!-- rules:begin -->\n");
  const auto end = readme.find("<!-- rules:end -->");
  if (begin == std::string::npos || end == std::string::npos)
    GTEST_SKIP() << "README.md has no <!-- rules:begin --> / <!-- rules:end --> markers yet";
  const auto start = begin + std::string_view("<!-- rules:begin -->\n").size();
  EXPECT_EQ(readme.substr(start, end - start), report::render_rule_catalog_markdown())
      << "README rule table is stale: run `make docs`";
}

}  // namespace
}  // namespace bulwark
