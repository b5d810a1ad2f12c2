#include "doc/document_splitter.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstring>

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

// `head`, then a line of `line_bytes` 'x' made up as it is read (never held by the test), then
// `tail`: what reading a file with one enormous line looks like to the splitter.
class LongLineSource final : public ByteSource {
 public:
  LongLineSource(std::string head, std::size_t line_bytes, std::string tail)
      : head_(std::move(head)), line_bytes_(line_bytes), tail_(std::move(tail)) {}
  std::expected<std::size_t, std::string> read(std::span<char> buffer) override {
    const std::size_t total = head_.size() + line_bytes_ + tail_.size();
    std::size_t n = 0;
    while (n < buffer.size() && offset_ < total) {
      if (offset_ < head_.size()) {
        buffer[n++] = head_[offset_++];
      } else if (offset_ < head_.size() + line_bytes_) {
        const std::size_t run = std::min(buffer.size() - n, head_.size() + line_bytes_ - offset_);
        std::memset(buffer.data() + n, 'x', run);
        n += run;
        offset_ += run;
      } else {
        buffer[n++] = tail_[offset_++ - head_.size() - line_bytes_];
      }
    }
    return n;
  }

 private:
  std::string head_;
  std::size_t line_bytes_;
  std::string tail_;
  std::size_t offset_ = 0;
};

long peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

// AddressSanitizer's shadow memory makes RSS meaningless; the plain build asserts the bound.
#if defined(__SANITIZE_ADDRESS__)
constexpr long kRssSlackMb = 1 << 20;
#else
constexpr long kRssSlackMb = 0;
#endif

TEST(DocumentSplitter, OverLongLineIsRefusedWhileReadingInBoundedMemory) {
  constexpr std::size_t kLine = std::size_t{256} << 20;
  LongLineSource source("# c\na: ", kLine, "\n---\nb: 1\n");
  DocumentSplitter splitter(source, 1 << 20);
  const long before = peak_rss_mb();
  auto first = splitter.next();
  ASSERT_TRUE(first && *first);
  EXPECT_TRUE((*first)->oversized);
  EXPECT_TRUE((*first)->text.empty());
  EXPECT_EQ((*first)->first_line, 1u);
  EXPECT_EQ((*first)->bytes, 4 + 3 + kLine + 1);  // every byte counted, none kept
  auto second = splitter.next();
  ASSERT_TRUE(second && *second);
  EXPECT_FALSE((*second)->oversized);
  EXPECT_EQ((*second)->first_line, 3u);
  EXPECT_EQ((*second)->text, "---\nb: 1\n");
  auto end = splitter.next();
  ASSERT_TRUE(end);
  EXPECT_FALSE(*end);
  // A quarter-gigabyte line passes through a few MiB of buffer and a 1 MiB chunk limit.
  EXPECT_LT(peak_rss_mb() - before, 32 + kRssSlackMb);
}

TEST(DocumentSplitter, OverLongLineStartingADocumentEndsThePreviousOne) {
  constexpr std::size_t kLine = std::size_t{8} << 20;
  LongLineSource source("a: 1\n--- ", kLine, "\n");
  DocumentSplitter splitter(source, 1 << 20);
  auto first = splitter.next();
  ASSERT_TRUE(first && *first);
  EXPECT_FALSE((*first)->oversized);
  EXPECT_EQ((*first)->text, "a: 1\n");
  auto second = splitter.next();
  ASSERT_TRUE(second && *second);
  EXPECT_TRUE((*second)->oversized);
  EXPECT_EQ((*second)->first_line, 2u);
  EXPECT_EQ((*second)->bytes, 4 + kLine + 1);
}

TEST(DocumentSplitter, LongLinesUnderTheLimitAreKeptWhole) {
  // Lines longer than one read are moved into the chunk piece by piece; the text is the same.
  const std::string line = "k: " + std::string((3u << 20) + 17, 'v') + "\n";
  auto chunks = split("# lead\n" + line + "---\n" + std::string(5u << 20, ' ') + "\nb: 1\n", 16u << 20);
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_EQ(chunks[0].text, "# lead\n" + line);
  EXPECT_EQ(chunks[1].first_line, 3u);
  EXPECT_EQ(chunks[1].text.size(), 4 + (5u << 20) + 1 + 5);
}

}  // namespace
}  // namespace bulwark::doc
