#include <gtest/gtest.h>

#include <filesystem>

#include "image/image.h"
#include "test_archive_builder.h"

namespace bulwark::image {
namespace {

using testing::Compression;
using testing::TarMember;

constexpr const char* kKey =
    "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";

testing::TestImage sample_image(Compression compression = Compression::None) {
  testing::TestImage image;
  image.user = "";
  image.env = {"PATH=/usr/bin", "DB_PASSWORD=hunter2"};
  image.exposed_ports = {"22/tcp"};
  image.history = {"/bin/sh -c apt-get install -y sudo", "/bin/sh -c rm /root/.ssh/id_rsa"};
  image.add_layer(
      {testing::dir("./"), testing::dir("etc"), testing::file("etc/passwd", "root:x:0:0::/root:/bin/sh\n"),
       testing::dir("usr/bin"), testing::file("usr/bin/sudo", "ELF", 04755),
       testing::file("usr/bin/wall", "ELF", 02755), testing::dir("tmp", 01777), testing::dir("var/tmp", 0777),
       testing::dir("root/.ssh", 0700), testing::file("root/.ssh/id_rsa", kKey, 0600), testing::dir("app"),
       testing::file("app/old.conf", "x=1"), testing::symlink("bin", "usr/bin")},
      compression);
  image.add_layer({testing::file("root/.ssh/.wh.id_rsa", ""), testing::file("app/.wh..wh..opq", ""),
                   testing::file("app/new.conf", "y=2"), testing::file("usr/bin/newuidmap", "ELF", 04755)},
                  compression);
  return image;
}

ReadOptions keep_keys() {
  ReadOptions options;
  options.keep_content = [](std::string_view path, std::uint64_t) {
    return path.find(".ssh") != std::string_view::npos;
  };
  return options;
}

void expect_sample_filesystem(const Image& image) {
  ASSERT_EQ(image.layers.size(), 2u);
  const Filesystem& fs = image.fs;
  const FileInfo* sudo = fs.find("/usr/bin/sudo");
  ASSERT_NE(sudo, nullptr);
  EXPECT_TRUE(sudo->setuid());
  EXPECT_EQ(sudo->layer, 0u);
  EXPECT_TRUE(fs.find("/usr/bin/wall")->setgid());
  EXPECT_EQ(fs.find("/usr/bin/newuidmap")->layer, 1u);
  EXPECT_TRUE(fs.find("/tmp")->sticky());
  EXPECT_TRUE(fs.find("/var/tmp")->world_writable());
  EXPECT_FALSE(fs.find("/var/tmp")->sticky());
  EXPECT_EQ(fs.find("/root/.ssh/id_rsa"), nullptr);
  EXPECT_EQ(fs.find("/app/old.conf"), nullptr);
  EXPECT_NE(fs.find("/app/new.conf"), nullptr);
  EXPECT_EQ((*fs.resolve("/bin/sudo"))->path, "/usr/bin/sudo");
  ASSERT_EQ(fs.removed().size(), 2u);
  const RemovedFile* key = nullptr;
  for (const RemovedFile& r : fs.removed())
    if (r.file.path == "/root/.ssh/id_rsa") key = &r;
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->how, Removal::Whiteout);
  EXPECT_EQ(key->file.layer, 0u);
  EXPECT_EQ(key->removed_by, 1u);
  ASSERT_TRUE(key->file.content);
  EXPECT_EQ(*key->file.content, kKey);
  EXPECT_EQ(image.config.user, "");
  EXPECT_EQ(image.config.exposed_ports, std::vector<std::string>{"22/tcp"});
  EXPECT_EQ(image.layers[1].created_by, "/bin/sh -c rm /root/.ssh/id_rsa");
  EXPECT_EQ(image.platform.str(), "linux/amd64");
}

TEST(ImageReader, DockerArchive) {
  const testing::TestImage sample = sample_image();
  const std::string path = testing::temp_dir("d") + "/image.tar";
  testing::write_docker_archive(sample, path, "example/app:1.2");
  auto image = read_image(path, keep_keys());
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_EQ(image->format, ImageFormat::DockerArchive);
  EXPECT_EQ(image->reference, "example/app:1.2");
  EXPECT_EQ(image->config_digest.hex, testing::sha256_hex(sample.config_json()));
  // Legacy docker-archive layers are named by their diff_id.
  EXPECT_EQ(image->layers[0].digest.hex, testing::sha256_hex(sample.layers[0].tar));
  expect_sample_filesystem(*image);
}

TEST(ImageReader, DockerArchiveReferenceSelection) {
  const std::string path = testing::temp_dir("d") + "/image.tar";
  testing::write_docker_archive(sample_image(), path, "docker.io/example/app:1.2");
  ReadOptions options;
  options.reference = "example/app:1.2";
  EXPECT_TRUE(read_image(path, options));
  options.reference = "other:1";
  auto missing = read_image(path, options);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ImageErrorKind::NotFound);
  EXPECT_NE(missing.error().message.find("docker.io/example/app:1.2"), std::string::npos);
}

class OciLayoutCompression : public ::testing::TestWithParam<Compression> {};

TEST_P(OciLayoutCompression, ReadsDirectoryLayout) {
  const testing::TestImage sample = sample_image(GetParam());
  const std::string dir = testing::temp_dir("oci");
  testing::write_oci_layout({sample}, dir, false);
  auto image = read_image(dir, keep_keys());
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_EQ(image->format, ImageFormat::OciLayout);
  EXPECT_EQ(image->layers[0].digest.hex, testing::sha256_hex(sample.layers[0].blob));
  EXPECT_EQ(image->layers[0].diff_id, "sha256:" + testing::sha256_hex(sample.layers[0].tar));
  EXPECT_EQ(image->layers[0].compressed_bytes, sample.layers[0].blob.size());
  expect_sample_filesystem(*image);
}

INSTANTIATE_TEST_SUITE_P(All, OciLayoutCompression,
                         ::testing::Values(Compression::None, Compression::Gzip, Compression::Zstd));

TEST(ImageReader, OciArchiveWithNestedIndex) {
  const std::string path = testing::temp_dir("o") + "/image.tar";
  testing::write_oci_archive({sample_image(Compression::Gzip)}, path);
  auto image = read_image(path, keep_keys());
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_EQ(image->format, ImageFormat::OciArchive);
  EXPECT_EQ(image->reference, "1.0");
  EXPECT_TRUE(image->manifest_digest.has_value());
  EXPECT_EQ(image->layers[0].compression, "gzip");
  expect_sample_filesystem(*image);
}

testing::TestImage arch_image(const std::string& arch) {
  testing::TestImage image;
  image.architecture = arch;
  image.add_layer({testing::file("arch", arch)});
  return image;
}

TEST(ImageReader, MultiArchIndexPicksThePlatform) {
  const std::string path = testing::temp_dir("m") + "/image.tar";
  testing::write_oci_archive({arch_image("arm64"), arch_image("amd64")}, path);
  auto amd64 = read_image(path);
  ASSERT_TRUE(amd64) << amd64.error().message;
  EXPECT_EQ(amd64->platform.architecture, "amd64");
  EXPECT_NE(amd64->fs.find("/arch"), nullptr);
  ReadOptions options;
  options.platform = *parse_platform("linux/arm64");
  auto arm = read_image(path, options);
  ASSERT_TRUE(arm) << arm.error().message;
  EXPECT_EQ(arm->platform.architecture, "arm64");
  options.platform = *parse_platform("linux/s390x");
  auto none = read_image(path, options);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().kind, ImageErrorKind::NotFound);
  EXPECT_NE(none.error().message.find("linux/arm64"), std::string::npos);
  EXPECT_NE(none.error().message.find("linux/amd64"), std::string::npos);
}

std::string blob_file(const std::string& dir, const std::string& bytes) {
  return dir + "/blobs/sha256/" + testing::sha256_hex(bytes);
}

TEST(ImageReader, CorruptedLayerBlobIsADigestMismatch) {
  const testing::TestImage sample = sample_image(Compression::Gzip);
  const std::string dir = testing::temp_dir("c");
  testing::write_oci_layout({sample}, dir, false);
  std::string blob = sample.layers[1].blob;
  blob[blob.size() - 5] ^= 0x01;  // inside the gzip trailer: still decompresses only if CRC is not checked
  testing::write_file(blob_file(dir, sample.layers[1].blob), blob);
  auto image = read_image(dir);
  ASSERT_FALSE(image);
  // Either libarchive's CRC check or our digest check catches it; both must name the layer.
  EXPECT_TRUE(image.error().kind == ImageErrorKind::DigestMismatch ||
              image.error().kind == ImageErrorKind::Format);
  EXPECT_NE(image.error().message.find("layer 1"), std::string::npos) << image.error().message;
}

TEST(ImageReader, TamperedUncompressedLayerIsADigestMismatch) {
  const testing::TestImage sample = sample_image();
  const std::string dir = testing::temp_dir("t");
  testing::write_oci_layout({sample}, dir, false);
  std::string blob = sample.layers[0].blob;
  const auto at = blob.find("root:x:0:0");
  ASSERT_NE(at, std::string::npos);
  blob[at] = 'R';  // still a valid tar (content bytes are not checksummed by tar)
  testing::write_file(blob_file(dir, sample.layers[0].blob), blob);
  auto image = read_image(dir);
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().kind, ImageErrorKind::DigestMismatch);
  EXPECT_NE(image.error().message.find(testing::sha256_hex(sample.layers[0].blob)), std::string::npos);
}

TEST(ImageReader, TamperedDockerArchiveLayerFailsTheDiffIdCheck) {
  testing::TestImage sample = sample_image();
  std::string tampered = sample.layers[0].blob;
  tampered[tampered.find("root:x:0:0")] = 'R';
  const std::string expected_diff_id = testing::sha256_hex(sample.layers[0].tar);
  sample.layers[0].blob = tampered;  // the config still carries the original diff_id
  const std::string path = testing::temp_dir("t") + "/image.tar";
  testing::write_docker_archive(sample, path);
  auto image = read_image(path);
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().kind, ImageErrorKind::DigestMismatch);
  EXPECT_NE(image.error().message.find("diff_ids[0]"), std::string::npos) << image.error().message;
  EXPECT_NE(image.error().message.find(expected_diff_id), std::string::npos);
}

TEST(ImageReader, TamperedConfigIsADigestMismatch) {
  const testing::TestImage sample = sample_image();
  const std::string dir = testing::temp_dir("t");
  testing::write_oci_layout({sample}, dir, false);
  std::string config = sample.config_json();
  config.replace(config.find("\"User\":\"\""), 9, "\"User\":\"x\"");
  testing::write_file(blob_file(dir, sample.config_json()), config);
  auto image = read_image(dir);
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().kind, ImageErrorKind::DigestMismatch);
}

TEST(ImageReader, MissingLayerBlob) {
  const testing::TestImage sample = sample_image();
  const std::string dir = testing::temp_dir("t");
  testing::write_oci_layout({sample}, dir, false);
  std::filesystem::remove(blob_file(dir, sample.layers[1].blob));
  auto image = read_image(dir);
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().kind, ImageErrorKind::NotFound);
}

TEST(ImageReader, HostileDockerManifestPaths) {
  const std::string path = testing::temp_dir("h") + "/image.tar";
  const std::string config = sample_image().config_json();
  testing::write_tar_file(path,
                          {{testing::sha256_hex(config) + ".json", config},
                           {"manifest.json", "[{\"Config\":\"" + testing::sha256_hex(config) +
                                                 ".json\",\"Layers\":[\"../../../etc/shadow\",\"x\"]}]"}});
  auto image = read_image(path);
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().kind, ImageErrorKind::PathTraversal);
}

TEST(ImageReader, HostileLayerEntryNamesTheLayer) {
  testing::TestImage image;
  image.add_layer({testing::file("ok", "")});
  image.add_layer({testing::file("../../../../tmp/pwned", "x")});
  const std::string path = testing::temp_dir("h") + "/image.tar";
  testing::write_docker_archive(image, path);
  auto result = read_image(path);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ImageErrorKind::PathTraversal);
  EXPECT_NE(result.error().message.find("layer 1"), std::string::npos) << result.error().message;
  EXPECT_NE(result.error().message.find("tmp/pwned"), std::string::npos);
}

TEST(ImageReader, NotAnImage) {
  const std::string dir = testing::temp_dir("n");
  testing::write_tar_file(dir + "/plain.tar", {{"hello.txt", "hi"}});
  auto plain = read_image(dir + "/plain.tar");
  ASSERT_FALSE(plain);
  EXPECT_EQ(plain.error().kind, ImageErrorKind::Format);
  testing::write_file(dir + "/junk", std::string(4096, '\x7f'));
  EXPECT_EQ(read_image(dir + "/junk").error().kind, ImageErrorKind::Format);
  EXPECT_EQ(read_image(dir + "/absent.tar").error().kind, ImageErrorKind::Io);
  EXPECT_EQ(read_image(dir).error().kind, ImageErrorKind::Format);
}

TEST(ImageReader, LayerCountMustMatchDiffIds) {
  testing::TestImage sample = sample_image();
  const std::string dir = testing::temp_dir("x");
  // A manifest listing a layer the config does not know about.
  testing::TestImage extra = sample;
  extra.add_layer({testing::file("extra", "")});
  const std::string config = sample.config_json();
  const std::string manifest = extra.manifest_json(config);
  testing::write_oci_layout({sample}, dir, false);
  testing::write_file(dir + "/blobs/sha256/" + testing::sha256_hex(extra.layers[2].blob),
                      extra.layers[2].blob);
  testing::write_file(dir + "/blobs/sha256/" + testing::sha256_hex(manifest), manifest);
  testing::write_file(
      dir + "/index.json",
      "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
      "\"digest\":\"sha256:" +
          testing::sha256_hex(manifest) + "\",\"size\":" + std::to_string(manifest.size()) + "}]}");
  auto image = read_image(dir);
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().kind, ImageErrorKind::Format);
  EXPECT_NE(image.error().message.find("diff_ids"), std::string::npos);
}

}  // namespace
}  // namespace bulwark::image
