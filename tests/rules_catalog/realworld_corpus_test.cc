// Runs every catalog rule over ../shared/corpus/realworld and prints the findings per rule (the
// false-positive review starts from this table). Skips when the corpus is absent.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "catalog_run.h"
#include "doc/byte_source.h"
#include "doc/yaml_loader.h"
#include "k8s/object.h"
#include "rules/catalog.h"

namespace bulwark::rules::testing {
namespace {

namespace fs = std::filesystem;

TEST(RealworldCorpus, FindingsPerRule) {
  const fs::path root = fs::path(BULWARK_SOURCE_DIR) / ".." / "shared" / "corpus" / "realworld";
  if (!fs::exists(root)) GTEST_SKIP() << "corpus not found at " << root;
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && (e.path().extension() == ".yaml" || e.path().extension() == ".yml"))
      files.push_back(e.path());
  std::sort(files.begin(), files.end());

  // One scan per project (its top-level folder), as a user scans one repository: cross-object
  // rules see a project's objects together and never another project's.
  std::vector<std::unique_ptr<CrossObjectCheck>> cross;
  FindingSink sink;
  CheckContext context;
  std::size_t objects = 0;
  std::string project;
  for (const fs::path& path : files) {
    const std::string this_project = fs::relative(path, root).begin()->string();
    if (this_project != project) {
      for (auto& c : cross) c->finish(sink);
      cross.clear();
      for (const CrossObjectRule& r : cross_object_rules()) cross.push_back(r.make());
      project = this_project;
    }
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    doc::MemoryByteSource source(text);
    doc::YamlStreamLoader loader(source, fs::relative(path, root).string());
    while (auto result = loader.next()) {
      if (!result->has_value()) continue;
      for (const k8s::Object& object : k8s::Object::in(**result)) {
        ++objects;
        for (const ObjectRule& rule : object_rules())
          if (in_catalog_families(*rule.meta) && rule.meta->enabled_by_default)
            rule.check(object, context, sink);
        for (auto& c : cross) c->observe(object, context);
      }
    }
  }
  for (auto& c : cross) c->finish(sink);
  std::map<std::string_view, std::size_t> per_rule;
  for (const Finding& f : sink.findings())
    if (in_catalog_families(*f.rule) && f.rule->enabled_by_default) ++per_rule[f.rule->id];
  std::printf("realworld: %zu files, %zu objects\n", files.size(), objects);
  for (const RuleMeta* meta : all_rules())
    if (in_catalog_families(*meta) && meta->enabled_by_default)
      std::printf("  %-48s %zu\n", std::string(meta->id).c_str(), per_rule[meta->id]);
  if (const char* dump = std::getenv("BULWARK_DUMP_RULE"))
    for (const Finding& f : sink.findings())
      if (f.rule->id == dump)
        std::printf("%s:%u:%u %s | %s\n", f.location.file.c_str(), f.location.range.begin.line,
                    f.location.range.begin.column, f.message.c_str(), f.location.snippet.c_str());
  EXPECT_GT(objects, 0u);
}

}  // namespace
}  // namespace bulwark::rules::testing
