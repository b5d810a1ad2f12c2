#include "image/oci_documents.h"

#include <gtest/gtest.h>

namespace bulwark::image {
namespace {

TEST(OciDocuments, ParsesDockerConfig) {
  // Field names as in the Docker image spec v1.2 / OCI image config.
  const char* json = R"({"architecture":"arm64","os":"linux","variant":"v8",
    "config":{"User":"1000:1000","Env":["PATH=/usr/bin","API_TOKEN=abc"],"ExposedPorts":{"22/tcp":{},"80/tcp":{}},
      "Healthcheck":{"Test":["CMD-SHELL","curl -f localhost"]},"Labels":{"a":"b"},"Entrypoint":["/app"],
      "WorkingDir":"/srv"},
    "rootfs":{"type":"layers","diff_ids":["sha256:aa"]},
    "history":[{"created_by":"/bin/sh -c #(nop) USER 1000","empty_layer":true},{"created_by":"RUN make"}]})";
  auto c = parse_image_config(json, "config");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->architecture, "arm64");
  EXPECT_EQ(c->variant, "v8");
  EXPECT_EQ(c->user, "1000:1000");
  EXPECT_EQ(c->env.size(), 2u);
  EXPECT_EQ(c->exposed_ports, (std::vector<std::string>{"22/tcp", "80/tcp"}));
  ASSERT_TRUE(c->healthcheck);
  EXPECT_FALSE(c->healthcheck->disabled());
  EXPECT_EQ(c->labels.size(), 1u);
  EXPECT_EQ(c->entrypoint, std::vector<std::string>{"/app"});
  EXPECT_EQ(c->working_dir, "/srv");
  ASSERT_EQ(c->history.size(), 2u);
  EXPECT_TRUE(c->history[0].empty_layer);
  EXPECT_EQ(c->history[1].created_by, "RUN make");
}

TEST(OciDocuments, MissingConfigSectionMeansDefaults) {
  auto c = parse_image_config(R"({"os":"linux","architecture":"amd64"})", "config");
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->user.empty());
  EXPECT_FALSE(c->healthcheck);
}

TEST(OciDocuments, HealthcheckNoneIsDisabled) {
  auto c = parse_image_config(R"({"config":{"Healthcheck":{"Test":["NONE"]}}})", "config");
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->healthcheck->disabled());
}

TEST(OciDocuments, InvalidJsonIsAFormatErrorNamingTheDocument) {
  auto c = parse_image_config("{\"config\":", "blobs/sha256/x");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().kind, ImageErrorKind::Format);
  EXPECT_NE(c.error().message.find("blobs/sha256/x"), std::string::npos);
}

TEST(OciDocuments, IndexWithPlatformsAndAttestations) {
  const char* json = R"({"schemaVersion":2,"manifests":[
    {"mediaType":"application/vnd.oci.image.manifest.v1+json","size":10,
     "digest":"sha256:1111111111111111111111111111111111111111111111111111111111111111",
     "platform":{"architecture":"amd64","os":"linux"}},
    {"mediaType":"application/vnd.oci.image.manifest.v1+json","size":10,
     "digest":"sha256:2222222222222222222222222222222222222222222222222222222222222222",
     "platform":{"architecture":"unknown","os":"unknown"},
     "annotations":{"vnd.docker.reference.type":"attestation-manifest"}}]})";
  auto index = parse_image_index(json, "index.json");
  ASSERT_TRUE(index) << index.error().message;
  ASSERT_EQ(index->manifests.size(), 2u);
  EXPECT_EQ(index->manifests[0].platform->str(), "linux/amd64");
  EXPECT_FALSE(index->manifests[0].attestation);
  EXPECT_TRUE(index->manifests[1].attestation);
}

TEST(OciDocuments, DescriptorWithBadDigestIsRejected) {
  auto index =
      parse_image_index(R"({"manifests":[{"digest":"sha256:../../etc/passwd","size":1}]})", "index.json");
  ASSERT_FALSE(index);
  EXPECT_EQ(index.error().kind, ImageErrorKind::Format);
}

TEST(OciDocuments, ManifestSchemaVersionChecked) {
  auto m = parse_image_manifest(R"({"schemaVersion":1,"config":{},"layers":[]})", "m");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().kind, ImageErrorKind::Unsupported);
}

TEST(OciDocuments, DockerManifestJson) {
  auto images =
      parse_docker_manifest(R"([{"Config":"abc.json","RepoTags":["a:1"],"Layers":["x/layer.tar"]}])");
  ASSERT_TRUE(images);
  EXPECT_EQ(images->front().repo_tags.front(), "a:1");
  EXPECT_EQ(images->front().layer_paths.front(), "x/layer.tar");
  EXPECT_FALSE(parse_docker_manifest("[]"));
  EXPECT_FALSE(parse_docker_manifest("{}"));
}

TEST(OciDocuments, PlatformParsingAndMatching) {
  auto p = parse_platform("linux/arm/v7");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->variant, "v7");
  EXPECT_FALSE(parse_platform("linux"));
  EXPECT_FALSE(parse_platform("a/b/c/d"));
  Platform amd64;
  EXPECT_TRUE(amd64.accepts(Platform{"linux", "amd64", ""}));
  EXPECT_FALSE(amd64.accepts(Platform{"linux", "arm64", "v8"}));
  EXPECT_TRUE(Platform({"linux", "arm64", ""}).accepts(Platform{"linux", "arm64", "v8"}));
  EXPECT_FALSE(Platform({"linux", "arm", "v7"}).accepts(Platform{"linux", "arm", "v6"}));
}

}  // namespace
}  // namespace bulwark::image
