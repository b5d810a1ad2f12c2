// Damaged and hostile archives: every one must end in a value (image or error), never a crash or hang.
#include <gtest/gtest.h>

#include <random>

#include "image/image.h"
#include "image/image_limits.h"
#include "test_archive_builder.h"

namespace bulwark::image {
namespace {

testing::TestImage small_image(testing::Compression compression) {
  testing::TestImage image;
  image.add_layer({testing::dir("etc"), testing::file("etc/passwd", "root:x:0:0::/root:/bin/sh\n"),
                   testing::file("usr/bin/sudo", "ELF", 04755), testing::symlink("bin", "usr/bin")},
                  compression);
  image.add_layer({testing::file("etc/.wh.passwd", ""), testing::file("app/run.sh", std::string(3000, 'x'))},
                  compression);
  return image;
}

TEST(HostileArchive, TruncatedEverywhereNeverCrashes) {
  const std::string dir = testing::temp_dir("t");
  testing::write_docker_archive(small_image(testing::Compression::Gzip), dir + "/full.tar");
  const std::string full = testing::read_file(dir + "/full.tar");
  int ok = 0;
  for (std::size_t cut = 0; cut < full.size(); cut += 257) {
    testing::write_file(dir + "/cut.tar", full.substr(0, cut));
    if (read_image(dir + "/cut.tar")) ++ok;
  }
  // Only cuts inside the trailing zero blocks can still be a complete image.
  EXPECT_LT(ok, 10);
}

TEST(HostileArchive, RandomByteFlipsNeverCrashAndAreCaught) {
  const testing::TestImage image = small_image(testing::Compression::Gzip);
  const std::string dir = testing::temp_dir("f");
  testing::write_oci_layout({image}, dir, false);
  const std::string blob_path = dir + "/blobs/sha256/" + testing::sha256_hex(image.layers[0].blob);
  std::mt19937 random(12345);
  for (int round = 0; round < 60; ++round) {
    std::string blob = image.layers[0].blob;
    const std::size_t at = random() % blob.size();
    blob[at] = static_cast<char>(blob[at] ^ (1 + random() % 255));
    testing::write_file(blob_path, blob);
    auto result = read_image(dir);
    // Any change to a blob is caught: by the decompressor, the tar reader or the digest check.
    ASSERT_FALSE(result) << "flip at " << at << " went unnoticed";
  }
}

TEST(HostileArchive, GzippedDockerSaveIsRead) {
  const std::string dir = testing::temp_dir("g");
  testing::write_docker_archive(small_image(testing::Compression::None), dir + "/plain.tar");
  testing::write_file(dir + "/image.tar.gz", testing::gzip_bytes(testing::read_file(dir + "/plain.tar")));
  auto image = read_image(dir + "/image.tar.gz");
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_NE(image->fs.find("/usr/bin/sudo"), nullptr);
  EXPECT_EQ(image->fs.find("/etc/passwd"), nullptr);
}

TEST(HostileArchive, SameBlobForTwoLayers) {
  testing::TestImage image;
  image.add_layer({testing::file("a", "1")});
  image.add_layer({testing::file("b", "2")});
  image.add_layer({testing::file("a", "1")});
  const std::string path = testing::temp_dir("s") + "/image.tar";
  testing::write_oci_archive({image}, path);
  auto read = read_image(path);
  ASSERT_TRUE(read) << read.error().message;
  ASSERT_EQ(read->layers.size(), 3u);
  EXPECT_EQ(read->fs.find("/a")->layer, 2u);
  EXPECT_EQ(read->layers[0].digest, read->layers[2].digest);
}

TEST(HostileArchive, SymlinkLoopInAnImageIsReportedOnResolve) {
  testing::TestImage image;
  image.add_layer(
      {testing::symlink("usr/bin", "../usr/bin"), testing::symlink("a", "b"), testing::symlink("b", "a")});
  const std::string path = testing::temp_dir("l") + "/image.tar";
  testing::write_docker_archive(image, path);
  auto read = read_image(path);
  ASSERT_TRUE(read) << read.error().message;  // loops are legal to store, only following them fails
  EXPECT_EQ(read->fs.resolve("/a").error().kind, ImageErrorKind::SymlinkLoop);
  EXPECT_EQ(read->fs.resolve("/usr/bin/sudo").error().kind, ImageErrorKind::SymlinkLoop);
}

TEST(HostileArchive, OversizedManifestIsALimitError) {
  const std::string dir = testing::temp_dir("m");
  std::string manifest = "[" + std::string(limits::kMaxJsonBytes + 10, ' ') + "]";
  testing::write_tar_file(dir + "/image.tar", {{"manifest.json", manifest}});
  auto read = read_image(dir + "/image.tar");
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().kind, ImageErrorKind::LimitExceeded);
}

TEST(HostileArchive, IndexCycleIsBounded) {
  // An index that names itself cannot be written (its digest would have to contain itself), but a
  // chain deeper than the limit can: index -> index -> ... -> index.
  const std::string dir = testing::temp_dir("c");
  testing::write_oci_layout({small_image(testing::Compression::None)}, dir, true);
  std::string inner = testing::read_file(dir + "/index.json");
  for (int depth = 0; depth < limits::kMaxIndexDepth + 2; ++depth) {
    const std::string hex = testing::sha256_hex(inner);
    testing::write_file(dir + "/blobs/sha256/" + hex, inner);
    inner =
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
        "\"digest\":\"sha256:" +
        hex + "\",\"size\":" + std::to_string(inner.size()) + "}]}";
  }
  testing::write_file(dir + "/index.json", inner);
  auto read = read_image(dir);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().kind, ImageErrorKind::LimitExceeded);
}

}  // namespace
}  // namespace bulwark::image
