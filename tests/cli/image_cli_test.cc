// End-to-end: `bulwark image scan` and `bulwark scan` on image archives built in the test, with
// --platform picking from a multi-platform index and --format cyclonedx printing the SBOM.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdio>
#include <string>

#include "../image/test_archive_builder.h"
#include "command_run.h"

namespace {

namespace t = bulwark::image::testing;
using ::testing::HasSubstr;
using ::testing::Not;

using bulwark::testing::CommandRun;

// Standard output only: the SBOM must be parseable on its own.
CommandRun bulwark(const std::string& args) {
  return bulwark::testing::run_command(std::string(BULWARK_BIN) + " " + args + " 2>/dev/null");
}

constexpr const char* kDpkgStatus =
    "Package: bash\n"
    "Status: install ok installed\n"
    "Architecture: amd64\n"
    "Version: 5.2.15-2+b2\n"
    "\n"
    "Package: sudo\n"
    "Status: install ok installed\n"
    "Architecture: amd64\n"
    "Version: 1.9.13p3-1+deb12u1\n";

constexpr const char* kOsRelease =
    "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n";

// A Debian-like image whose user is root and whose /usr/bin/sudo is setuid.
t::TestImage debian_image(const std::string& architecture) {
  t::TestImage image;
  image.architecture = architecture;
  image.add_layer({t::dir("etc"), t::file("etc/os-release", kOsRelease), t::dir("var"), t::dir("var/lib"),
                   t::dir("var/lib/dpkg"), t::file("var/lib/dpkg/status", kDpkgStatus), t::dir("usr"),
                   t::dir("usr/bin"), t::file("usr/bin/sudo", "ELF", 04755)});
  image.history = {"COPY rootfs / # buildkit"};
  return image;
}

std::string docker_archive() {
  const std::string dir = t::temp_dir("cli-image-docker");
  const std::string path = dir + "/app.tar";
  t::write_docker_archive(debian_image("amd64"), path, "app:1.0");
  return path;
}

TEST(ImageCli, ImageScanReportsWhatTheImageHolds) {
  const CommandRun r = bulwark("image scan --no-config -q --no-color " + docker_archive());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(r.out, HasSubstr("usr/bin/sudo"));
  EXPECT_THAT(r.out, HasSubstr("IMG-"));
}

TEST(ImageCli, CycloneDxIsTheSbomOfTheImageOnStandardOutput) {
  const CommandRun r = bulwark("image scan --no-config --format cyclonedx " + docker_archive());
  ASSERT_EQ(r.exit_code, 1) << "findings still set the exit code";
  simdjson::dom::parser parser;
  simdjson::dom::element bom;
  ASSERT_EQ(parser.parse(r.out).get(bom), simdjson::SUCCESS) << r.out.substr(0, 400);
  std::string_view format;
  ASSERT_EQ(bom["bomFormat"].get(format), simdjson::SUCCESS);
  EXPECT_EQ(format, "CycloneDX");
  std::vector<std::string> purls;
  simdjson::dom::array components;
  ASSERT_EQ(bom["components"].get(components), simdjson::SUCCESS);
  for (simdjson::dom::element c : components) {
    std::string_view purl;
    if (c["purl"].get(purl) == simdjson::SUCCESS) purls.emplace_back(purl);
  }
  // purl-spec deb type: pkg:deb/<distro>/<name>@<version>?arch=<arch>, version percent-encoded.
  EXPECT_THAT(purls, ::testing::Contains(HasSubstr("pkg:deb/debian/sudo@1.9.13p3-1%2Bdeb12u1?arch=amd64")));
  EXPECT_THAT(purls, ::testing::Contains(HasSubstr("pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64")));
}

TEST(ImageCli, CycloneDxToAFileLeavesTheTextReportOnStandardOutput) {
  const std::string dir = t::temp_dir("cli-image-sbom-file");
  const CommandRun r =
      bulwark("scan --no-config -q --no-color --format cyclonedx=" + dir + "/sbom.json " + docker_archive());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("usr/bin/sudo"));
  EXPECT_THAT(t::read_file(dir + "/sbom.json"), HasSubstr("\"bomFormat\""));
}

TEST(ImageCli, CycloneDxWithoutAnImageIsAUsageError) {
  const CommandRun r = bulwark("scan --no-config --format cyclonedx examples/deployment.yaml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "") << "no half-written SBOM";
}

TEST(ImageCli, PlatformPicksTheEntryOfAMultiPlatformIndex) {
  const std::string dir = t::temp_dir("cli-image-multi");
  t::write_oci_layout({debian_image("amd64"), debian_image("arm64")}, dir);
  for (const std::string arch : {"amd64", "arm64"}) {
    const CommandRun r =
        bulwark("image scan --no-config --format cyclonedx --platform linux/" + arch + " " + dir);
    EXPECT_THAT(r.out, HasSubstr("\"linux/" + arch + "\"")) << arch;
    EXPECT_THAT(r.out, Not(HasSubstr(arch == "amd64" ? "linux/arm64" : "linux/amd64"))) << arch;
  }
  const CommandRun absent = bulwark("image scan --no-config --platform linux/s390x " + dir);
  EXPECT_EQ(absent.exit_code, 2) << "a platform the index lacks is a load error";
  const CommandRun malformed = bulwark("image scan --no-config --platform linux " + dir);
  EXPECT_EQ(malformed.exit_code, 2);
}

}  // namespace
