#include "image/layer_reader.h"

#include <archive_entry.h>
#include <gtest/gtest.h>

#include "image/image_limits.h"
#include "test_archive_builder.h"

namespace bulwark::image {
namespace {

using testing::Compression;

ReadBudget fresh_budget() {
  return ReadBudget{limits::kMaxEntries, limits::kMaxKeptTotalBytes};
}

ImageResult<LayerListing> read(const std::string& blob, const ContentPredicate& keep = {}) {
  MemoryByteSource source(blob);
  ReadBudget budget = fresh_budget();
  return read_layer(source, "layer 0", "sha256", keep, budget);
}

std::vector<testing::TarMember> sample_tree() {
  return {testing::dir("./"),
          testing::dir("./usr/bin"),
          testing::file("./usr/bin/sudo", "ELF", 04755),
          testing::symlink("./bin", "usr/bin"),
          testing::hardlink("./usr/bin/sudoedit", "./usr/bin/sudo"),
          testing::file("./etc/shadow", "root:*:19000", 0640)};
}

class LayerReaderCompression : public ::testing::TestWithParam<Compression> {};

TEST_P(LayerReaderCompression, ListsEntriesAndHashesBothForms) {
  const std::string tar = testing::make_tar(sample_tree());
  const std::string blob = testing::make_tar(sample_tree(), GetParam());
  auto listing = read(blob);
  ASSERT_TRUE(listing) << listing.error().message;
  ASSERT_EQ(listing->entries.size(), 5u);  // the "./" root entry is dropped
  const LayerEntry& sudo = listing->entries[1];
  EXPECT_EQ(sudo.path, "/usr/bin/sudo");
  EXPECT_EQ(sudo.type, EntryType::Regular);
  EXPECT_EQ(sudo.mode, 04755u);
  EXPECT_EQ(sudo.size, 3u);
  EXPECT_EQ(listing->entries[2].type, EntryType::Symlink);
  EXPECT_EQ(listing->entries[2].link_target, "usr/bin");
  EXPECT_EQ(listing->entries[3].type, EntryType::HardLink);
  EXPECT_EQ(listing->entries[3].link_target, "/usr/bin/sudo");
  EXPECT_EQ(listing->stats.compressed_digest.hex, testing::sha256_hex(blob));
  EXPECT_EQ(listing->stats.uncompressed_digest.hex, testing::sha256_hex(tar));
  EXPECT_EQ(listing->stats.compressed_bytes, blob.size());
  EXPECT_EQ(listing->stats.uncompressed_bytes, tar.size());
}

INSTANTIATE_TEST_SUITE_P(All, LayerReaderCompression,
                         ::testing::Values(Compression::None, Compression::Gzip, Compression::Zstd));

TEST(LayerReader, NamesTheCompression) {
  EXPECT_EQ(read(testing::make_tar(sample_tree(), Compression::Gzip))->stats.compression, "gzip");
  EXPECT_EQ(read(testing::make_tar(sample_tree(), Compression::Zstd))->stats.compression, "zstd");
}

TEST(LayerReader, KeepsContentThePredicateAsksFor) {
  auto listing = read(testing::make_tar(sample_tree()),
                      [](std::string_view path, std::uint64_t) { return path == "/etc/shadow"; });
  ASSERT_TRUE(listing);
  const LayerEntry& shadow = listing->entries[4];
  ASSERT_TRUE(shadow.content);
  EXPECT_EQ(*shadow.content, "root:*:19000");
  EXPECT_FALSE(listing->entries[1].content);
}

TEST(LayerReader, KeptContentIsBoundedByTheBudget) {
  const std::string tar = testing::make_tar({testing::file("big", std::string(1000, 'x'))});
  MemoryByteSource source(tar);
  ReadBudget budget{100, 10};
  auto listing = read_layer(
      source, "l", "sha256", [](std::string_view, std::uint64_t) { return true; }, budget);
  ASSERT_TRUE(listing) << listing.error().message;
  EXPECT_EQ(listing->entries[0].content->size(), 10u);
  EXPECT_TRUE(listing->entries[0].content_truncated);
  EXPECT_EQ(budget.kept_bytes_left, 0u);
}

TEST(LayerReader, RecognisesWhiteouts) {
  auto listing =
      read(testing::make_tar({testing::file("etc/.wh.secret", ""), testing::file("var/.wh..wh..opq", ""),
                              testing::file(".wh..wh.plnk", "")}));
  ASSERT_TRUE(listing);
  ASSERT_EQ(listing->entries.size(), 2u);
  EXPECT_EQ(listing->entries[0].type, EntryType::Whiteout);
  EXPECT_EQ(listing->entries[0].path, "/etc/secret");
  EXPECT_EQ(listing->entries[1].type, EntryType::OpaqueWhiteout);
  EXPECT_EQ(listing->entries[1].path, "/var");
}

TEST(LayerReader, HostileNamesAreErrors) {
  EXPECT_EQ(read(testing::make_tar({testing::file("../../etc/cron.d/x", "")})).error().kind,
            ImageErrorKind::PathTraversal);
  EXPECT_EQ(read(testing::make_tar({testing::file("/etc/passwd", "")})).error().kind,
            ImageErrorKind::AbsolutePath);
  EXPECT_EQ(read(testing::make_tar({testing::file("etc/.wh...", "")})).error().kind,
            ImageErrorKind::PathTraversal);
  auto outside = read(testing::make_tar({testing::hardlink("x", "../../etc/shadow")}));
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().kind, ImageErrorKind::HardLinkOutsideTree);
  EXPECT_NE(outside.error().message.find("layer 0"), std::string::npos);
}

TEST(LayerReader, HugeSparseFileIsAnError) {
  testing::TarMember sparse = testing::file("disk.img", std::string(4096, 'a'));
  sparse.declared_size = std::int64_t{1} << 40;  // 1 TiB logical, 4 KiB of data
  auto listing = read(testing::make_tar({sparse}));
  ASSERT_FALSE(listing);
  EXPECT_EQ(listing.error().kind, ImageErrorKind::SparseFile) << listing.error().message;
}

TEST(LayerReader, DecompressionBombIsStoppedEarly) {
  // 80 MiB of zeros compress to a few KB with zstd: far beyond any real layer's ratio.
  const std::string blob =
      testing::make_tar({testing::file("zeros", std::string(80u << 20, '\0'))}, Compression::Zstd);
  ASSERT_LT(blob.size(), 64u << 10);
  auto listing = read(blob);
  ASSERT_FALSE(listing);
  EXPECT_EQ(listing.error().kind, ImageErrorKind::DecompressionBomb) << listing.error().message;
}

TEST(LayerReader, GarbageIsAFormatError) {
  auto listing = read(std::string(3000, 'z'));
  ASSERT_FALSE(listing);
  EXPECT_EQ(listing.error().kind, ImageErrorKind::Format);
  EXPECT_FALSE(read("").has_value());
}

TEST(LayerReader, TruncatedGzipIsAnError) {
  std::string blob = testing::make_tar({testing::file("a", std::string(100000, 'q'))}, Compression::Gzip);
  blob.resize(blob.size() / 2);
  EXPECT_FALSE(read(blob).has_value());
}

TEST(LayerReader, EntryBudgetIsEnforced) {
  const std::string tar =
      testing::make_tar({testing::file("a", ""), testing::file("b", ""), testing::file("c", "")});
  MemoryByteSource source(tar);
  ReadBudget budget{2, 0};
  auto listing = read_layer(source, "l", "sha256", {}, budget);
  ASSERT_FALSE(listing);
  EXPECT_EQ(listing.error().kind, ImageErrorKind::LimitExceeded);
}

}  // namespace
}  // namespace bulwark::image
