// Every real-world manifest must load without a single error (CRDs included): the loader is
// measured against real files, not only against our own examples.
#include <gtest/gtest.h>

#include <filesystem>

#include "doc/json_loader.h"
#include "doc/yaml_loader.h"

namespace bulwark::doc {
namespace {

namespace fs = std::filesystem;

TEST(RealworldCorpus, EveryFileLoadsWithoutErrors) {
  const fs::path root = fs::path(BULWARK_SOURCE_DIR) / ".." / "shared" / "corpus" / "realworld";
  if (!fs::exists(root)) GTEST_SKIP() << "../shared/corpus/realworld is absent";
  int files = 0, documents = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const auto ext = entry.path().extension();
    if (!entry.is_regular_file() || (ext != ".yaml" && ext != ".yml" && ext != ".json")) continue;
    ++files;
    auto source = FileByteSource::open(entry.path().string());
    ASSERT_TRUE(source);
    if (ext == ".json") {
      auto text = read_all(*source, 64 << 20);
      ASSERT_TRUE(text);
      auto d = load_json_document(entry.path().string(), std::move(*text));
      EXPECT_TRUE(d) << entry.path() << ": " << (d ? "" : d.error().message);
      ++documents;
      continue;
    }
    YamlStreamLoader loader(*source, entry.path().string());
    while (auto d = loader.next()) {
      ++documents;
      EXPECT_TRUE(*d) << d->error().file << ":" << d->error().position.line << ":"
                      << d->error().position.column << ": " << d->error().message;
    }
  }
  EXPECT_GT(files, 300);
  RecordProperty("documents", documents);
  std::printf("realworld corpus: %d files, %d documents loaded\n", files, documents);
}

}  // namespace
}  // namespace bulwark::doc
