// Runs every Dockerfile rule over ../shared/corpus/dockerfiles: no crash, every finding has a position inside
// the file, and the per-rule counts are printed (the issue records them next to dockerfilelint's).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "rules/dockerfile/dockerfile_rule.h"

namespace bulwark::rules::dockerfile {
namespace {

namespace fs = std::filesystem;

TEST(DockerfileRulesCorpus, EveryFileIsCheckedWithValidLocations) {
  const fs::path root = fs::path(BULWARK_SOURCE_DIR) / ".." / "shared" / "corpus" / "dockerfiles";
  if (!fs::is_directory(root)) GTEST_SKIP() << "../shared/corpus/dockerfiles is absent: corpus test skipped";
  std::map<std::string, std::size_t> by_rule;
  std::size_t files = 0, total = 0, default_total = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || !entry.path().filename().string().starts_with("Dockerfile")) continue;
    ++files;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    const std::string content = text.str();
    const auto lines = static_cast<std::uint32_t>(std::count(content.begin(), content.end(), '\n') + 1);
    DockerfileScanOptions all;
    all.include_disabled = true;
    for (const Finding& f : check_dockerfile(entry.path().string(), content, all)) {
      ++by_rule[std::string(f.rule->id)];
      ++total;
      if (f.rule->enabled_by_default) ++default_total;
      EXPECT_GE(f.location.range.begin.line, 1u) << entry.path() << " " << f.rule->id;
      EXPECT_LE(f.location.range.begin.line, lines) << entry.path() << " " << f.rule->id;
      EXPECT_GE(f.location.range.begin.column, 1u) << entry.path() << " " << f.rule->id;
    }
  }
  EXPECT_EQ(files, 434u);
  std::cout << "[ findings ] " << files << " Dockerfiles: " << default_total
            << " findings from default rules, " << total << " with opt-in rules\n";
  for (const auto& [id, n] : by_rule) std::cout << "[ findings ]   " << id << " " << n << "\n";
}

}  // namespace
}  // namespace bulwark::rules::dockerfile
