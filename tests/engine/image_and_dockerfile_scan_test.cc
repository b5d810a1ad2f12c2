// The engine scans Dockerfiles and image archives in the same run as manifests, with the same
// rule selection and output.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../image/test_archive_builder.h"
#include "engine/scanner.h"

namespace bulwark::engine {
namespace {

namespace it = bulwark::image::testing;

std::vector<std::string> rule_ids(const ScanResult& r) {
  std::vector<std::string> ids;
  for (const auto& f : r.findings) ids.emplace_back(f.rule->id);
  return ids;
}

TEST(EngineInputs, ImageArchiveIsScannedWithTheImageRules) {
  it::TestImage image;
  image.user = "";  // root
  image.exposed_ports = {"22/tcp"};
  image.add_layer({it::dir("usr/"), it::dir("usr/bin/"), it::file("usr/bin/sudo", "ELF", 04755)});
  const std::string dir = it::temp_dir("engine-image");
  const std::string path = dir + "/app.tar";
  it::write_docker_archive(image, path, "shop/app:1.0");
  const ScanResult r = scan({Input{path, InputKind::ImageArchive}}, ScanOptions{});
  EXPECT_TRUE(r.load_errors.empty()) << (r.load_errors.empty() ? "" : r.load_errors[0].message);
  const auto ids = rule_ids(r);
  EXPECT_THAT(ids, ::testing::Contains(::testing::StartsWith("IMG-")));
  for (const auto& f : r.findings) EXPECT_EQ(f.location.file.empty(), false);
}

TEST(EngineInputs, CorruptImageIsALoadErrorNotACrash) {
  const std::string dir = it::temp_dir("engine-bad-image");
  const std::string path = dir + "/bad.tar";
  std::ofstream(path) << "this is not a tar archive";
  const ScanResult r = scan({Input{path, InputKind::ImageArchive}}, ScanOptions{});
  ASSERT_EQ(r.load_errors.size(), 1u);
  EXPECT_FALSE(r.load_errors[0].message.empty());
}

TEST(EngineInputs, DockerfileRulesFollowTheRuleSelection) {
  const std::string dir = it::temp_dir("engine-dockerfile");
  std::ofstream(dir + "/Dockerfile") << "FROM ubuntu:latest\nRUN apt-get update && apt-get install -y sudo\n";
  ScanOptions all;
  const ScanResult r = scan({Input{dir + "/Dockerfile", InputKind::Dockerfile}}, all);
  EXPECT_THAT(rule_ids(r), ::testing::Contains("DF-sudo"));
  ScanOptions skip;
  skip.rules.skip = {"dockerfile"};
  EXPECT_TRUE(scan({Input{dir + "/Dockerfile", InputKind::Dockerfile}}, skip).findings.empty());
}

}  // namespace
}  // namespace bulwark::engine
