#include "image/os_packages.h"

#include <gtest/gtest.h>

#include "image/image.h"
#include "image/rpm_database.h"
#include "test_archive_builder.h"

namespace bulwark::image {
namespace {

// Stanzas as dpkg writes them (dpkg(1), deb-control(5)): a removed package keeps a "config-files" entry.
constexpr const char* kDpkgStatus = R"(Package: libc6
Status: install ok installed
Priority: optional
Architecture: amd64
Multi-Arch: same
Source: glibc
Version: 2.36-9+deb12u4
Description: GNU C Library: Shared libraries
 Contains the standard libraries that are used by nearly all programs on
 the system.

Package: oldpkg
Status: deinstall ok config-files
Architecture: amd64
Version: 1.0-1

Package: bsdutils
Status: install ok installed
Architecture: amd64
Source: util-linux (2.38.1-5)
Version: 1:2.38.1-5+b1
)";

TEST(OsPackages, ParsesDpkgStatusKeepingOnlyInstalled) {
  auto packages = parse_dpkg_status(kDpkgStatus, "/var/lib/dpkg/status");
  ASSERT_EQ(packages.size(), 2u);
  EXPECT_EQ(packages[0].name, "libc6");
  EXPECT_EQ(packages[0].version, "2.36-9+deb12u4");
  EXPECT_EQ(packages[0].arch, "amd64");
  EXPECT_EQ(packages[0].source, "glibc");
  EXPECT_EQ(packages[1].name, "bsdutils");
  EXPECT_EQ(packages[1].version, "1:2.38.1-5+b1");
  EXPECT_EQ(packages[1].source, "util-linux");
}

TEST(OsPackages, ParsesApkInstalled) {
  // Field letters from apk's installed database format (P name, V version, A arch, o origin, L license).
  auto packages = parse_apk_installed(
      "C:Q1abc=\nP:musl\nV:1.2.4-r2\nA:x86_64\nL:MIT\no:musl\n\nP:busybox\nV:1.36.1-r5\nA:x86_64\nL:GPL-2.0-"
      "only\n"
      "o:busybox\n",
      "/lib/apk/db/installed");
  ASSERT_EQ(packages.size(), 2u);
  EXPECT_EQ(packages[0].name, "musl");
  EXPECT_EQ(packages[0].version, "1.2.4-r2");
  EXPECT_EQ(packages[1].license, "GPL-2.0-only");
}

TEST(OsPackages, ParsesOsRelease) {
  auto os = parse_os_release(
      "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
      "VERSION_ID=\"12\"\nID=debian\n# comment\n");
  EXPECT_EQ(os.id, "debian");
  EXPECT_EQ(os.version_id, "12");
  EXPECT_EQ(os.pretty_name, "Debian GNU/Linux 12 (bookworm)");
}

TEST(OsPackages, PackageUrlsFollowThePurlSpec) {
  // The purl-spec rpm example, verbatim.
  OsPackage curl{PackageManager::Rpm, "curl", "7.50.3-1.fc25", "i386", "", "", 0, "", ""};
  EXPECT_EQ(package_url(curl, OsRelease{"fedora", "25", ""}),
            "pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25");
  // '+' is percent-encoded; ':' is not.
  OsPackage bsdutils{PackageManager::Dpkg, "bsdutils", "1:2.38.1-5+b1", "amd64", "", "", 0, "", ""};
  EXPECT_EQ(package_url(bsdutils, OsRelease{"debian", "12", ""}),
            "pkg:deb/debian/bsdutils@1:2.38.1-5%2Bb1?arch=amd64&distro=debian-12");
  OsPackage musl{PackageManager::Apk, "musl", "1.2.4-r2", "x86_64", "", "", 0, "", ""};
  EXPECT_EQ(package_url(musl, OsRelease{"alpine", "3.19.1", ""}),
            "pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=3.19.1");
  OsPackage epoch{PackageManager::Rpm, "shadow-utils", "4.9-8.el9", "x86_64", "", "", 2, "", ""};
  EXPECT_EQ(package_url(epoch, OsRelease{"rhel", "9.3", ""}),
            "pkg:rpm/rhel/shadow-utils@4.9-8.el9?arch=x86_64&distro=rhel-9.3&epoch=2");
}

void put32(std::string& out, std::uint32_t v) {
  out.push_back(static_cast<char>(v >> 24));
  out.push_back(static_cast<char>(v >> 16));
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v));
}

// An rpm header blob (rpm's header.c layout): il, dl, index entries {tag, type, offset, count}, data.
std::string rpm_header(const std::string& name, const std::string& version, const std::string& release,
                       const std::string& arch, std::uint32_t epoch) {
  std::string data, index;
  auto add_string = [&](std::uint32_t tag, const std::string& value) {
    put32(index, tag);
    put32(index, 6);
    put32(index, static_cast<std::uint32_t>(data.size()));
    put32(index, 1);
    data += value;
    data.push_back('\0');
  };
  add_string(1000, name);
  add_string(1001, version);
  add_string(1002, release);
  add_string(1022, arch);
  if (epoch != 0) {
    while (data.size() % 4) data.push_back('\0');
    put32(index, 1003);
    put32(index, 4);
    put32(index, static_cast<std::uint32_t>(data.size()));
    put32(index, 1);
    put32(data, epoch);
  }
  std::string blob;
  put32(blob, static_cast<std::uint32_t>(index.size() / 16));
  put32(blob, static_cast<std::uint32_t>(data.size()));
  return blob + index + data;
}

TEST(RpmHeader, DecodesNameVersionReleaseArchEpoch) {
  auto p = parse_rpm_header(rpm_header("bash", "5.1.8", "6.el9", "x86_64", 0), "rpmdb");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->name, "bash");
  EXPECT_EQ(p->version, "5.1.8-6.el9");
  EXPECT_EQ(p->arch, "x86_64");
  auto e = parse_rpm_header(rpm_header("shadow-utils", "4.9", "8.el9", "x86_64", 2), "rpmdb");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->epoch, 2u);
}

TEST(RpmHeader, MalformedHeadersAreErrorsNotCrashes) {
  std::string blob = rpm_header("bash", "5.1.8", "6.el9", "x86_64", 0);
  EXPECT_FALSE(parse_rpm_header(blob.substr(0, 5), "db"));
  EXPECT_FALSE(parse_rpm_header(blob.substr(0, blob.size() - 3), "db"));
  std::string huge = blob;
  huge[0] = '\x7f';  // claims 2 billion tags
  EXPECT_FALSE(parse_rpm_header(huge, "db"));
  std::string unterminated = blob;
  unterminated.back() = 'x';
  EXPECT_FALSE(parse_rpm_header(unterminated, "db"));
}

TEST(OsPackages, InventoryFromAnImage) {
  testing::TestImage image;
  image.add_layer(
      {testing::file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian 12\"\n"),
       testing::file("var/lib/dpkg/status", kDpkgStatus),
       testing::file("var/lib/dpkg/status.d/tzdata",
                     "Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n"),
       testing::file("var/lib/rpm/Packages", "bdb")});
  const std::string path = testing::temp_dir("p") + "/image.tar";
  testing::write_docker_archive(image, path);
  ReadOptions options;
  options.keep_content = [](std::string_view p, std::uint64_t) { return is_package_database(p); };
  auto read = read_image(path, options);
  ASSERT_TRUE(read) << read.error().message;
  PackageInventory inventory = inventory_packages(read->fs);
  EXPECT_EQ(inventory.os.id, "debian");
  ASSERT_EQ(inventory.packages.size(), 3u);
  EXPECT_EQ(inventory.packages[0].purl, "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12");
  EXPECT_EQ(inventory.packages[2].name, "tzdata");
  EXPECT_EQ(inventory.packages[2].database, "/var/lib/dpkg/status.d/tzdata");
  ASSERT_EQ(inventory.notes.size(), 1u);  // the Berkeley DB rpm file is named, not silently skipped
  EXPECT_NE(inventory.notes[0].find("/var/lib/rpm/Packages"), std::string::npos);
}

TEST(OsPackages, ContentNotKeptIsReported) {
  testing::TestImage image;
  image.add_layer({testing::file("lib/apk/db/installed", "P:musl\nV:1\n")});
  const std::string path = testing::temp_dir("p") + "/image.tar";
  testing::write_docker_archive(image, path);
  auto read = read_image(path);
  ASSERT_TRUE(read);
  PackageInventory inventory = inventory_packages(read->fs);
  EXPECT_TRUE(inventory.packages.empty());
  ASSERT_EQ(inventory.notes.size(), 1u);
}

}  // namespace
}  // namespace bulwark::image
