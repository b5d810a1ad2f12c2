#include "doc/document_splitter.h"

#include <gtest/gtest.h>

namespace bulwark::doc {
namespace {

std::vector<DocumentChunk> split(std::string_view text, std::size_t limit = 1 << 20) {
  MemoryByteSource source(text);
  DocumentSplitter splitter(source, limit);
  std::vector<DocumentChunk> out;
  while (true) {
    auto c = splitter.next();
    EXPECT_TRUE(c);
    if (!c || !*c) break;
    out.push_back(std::move(**c));
  }
  return out;
}

TEST(DocumentSplitter, CutsAtDocumentMarkersOnly) {
  auto chunks = split("# leading comment\n---\na: 1\n--- # c\nb: |\n  ---not a marker\n---x: 1\n");
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_EQ(chunks[0].first_line, 1u);
  EXPECT_EQ(chunks[0].text, "# leading comment\n---\na: 1\n");
  EXPECT_EQ(chunks[1].first_line, 4u);
}

TEST(DocumentSplitter, DirectivesBelongToTheFollowingDocument) {
  auto chunks = split("a: 1\n%YAML 1.1\n---\nb: 2\n");
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_EQ(chunks[1].text, "%YAML 1.1\n---\nb: 2\n");
}

TEST(DocumentSplitter, OversizedChunksAreNotKept) {
  auto chunks = split("a: " + std::string(100, 'x') + "\n---\nb: 1", 50);
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_TRUE(chunks[0].oversized);
  EXPECT_TRUE(chunks[0].text.empty());
  EXPECT_FALSE(chunks[1].oversized);
  EXPECT_EQ(chunks[1].text, "---\nb: 1");
}

}  // namespace
}  // namespace bulwark::doc
