#include "image/cyclonedx.h"

#include <gtest/gtest.h>
#include <simdjson.h>

namespace bulwark::image {
namespace {

// The CycloneDX 1.5 schema's serialNumber pattern:
// ^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$
bool is_uuid_urn(std::string_view s) {
  if (!s.starts_with("urn:uuid:")) return false;
  s.remove_prefix(9);
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (s[i] == '-')) return false;
    if (!dash && !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
  }
  return s[14] >= '1' && s[14] <= '5' && std::string_view("89ab").find(s[19]) != std::string_view::npos;
}

PackageInventory sample_inventory() {
  PackageInventory inventory;
  inventory.os = OsRelease{"debian", "12", "Debian GNU/Linux 12 (bookworm)"};
  OsPackage libc{PackageManager::Dpkg,   "libc6", "2.36-9", "amd64", "glibc", "", 0,
                 "/var/lib/dpkg/status", ""};
  libc.purl = package_url(libc, inventory.os);
  OsPackage quoted{
      PackageManager::Apk, "we\"ird\\name", "1\n2", "x86_64", "", "MIT", 0, "/lib/apk/db/installed", ""};
  quoted.purl = package_url(quoted, inventory.os);
  inventory.packages = {libc, quoted, libc};
  inventory.notes = {"something was skipped"};
  return inventory;
}

TEST(CycloneDx, WritesValidCycloneDx15) {
  const std::string json =
      cyclonedx_json(sample_inventory(), SbomSubject{"example/app:1.0", "sha256:abcd", "linux/amd64"});
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(json).get(root), simdjson::SUCCESS) << json;
  EXPECT_EQ(std::string_view(root["bomFormat"]), "CycloneDX");
  EXPECT_EQ(std::string_view(root["specVersion"]), "1.5");
  EXPECT_EQ(int64_t(root["version"]), 1);
  const std::string serial{std::string_view(root["serialNumber"])};
  EXPECT_TRUE(is_uuid_urn(serial)) << serial;
  EXPECT_EQ(std::string_view(root["metadata"]["component"]["type"]), "container");
  EXPECT_EQ(std::string_view(root["metadata"]["component"]["name"]), "example/app:1.0");
  simdjson::dom::array components = root["components"];
  ASSERT_EQ(components.size(), 4u);
  EXPECT_EQ(std::string_view(components.at(0)["type"]), "operating-system");
  EXPECT_EQ(std::string_view(components.at(1)["type"]), "library");
  EXPECT_EQ(std::string_view(components.at(1)["purl"]),
            "pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12");
  EXPECT_EQ(std::string_view(components.at(1)["properties"].at(0)["value"]), "amd64");
  EXPECT_EQ(std::string_view(components.at(2)["name"]), "we\"ird\\name");
  EXPECT_EQ(std::string_view(components.at(2)["version"]), "1\n2");
  EXPECT_EQ(std::string_view(components.at(2)["licenses"].at(0)["expression"]), "MIT");
  // bom-refs must be unique within a BOM.
  EXPECT_NE(std::string_view(components.at(1)["bom-ref"]), std::string_view(components.at(3)["bom-ref"]));
}

TEST(CycloneDx, DeterministicForEqualInput) {
  const SbomSubject subject{"a", "sha256:1", "linux/amd64"};
  EXPECT_EQ(cyclonedx_json(sample_inventory(), subject), cyclonedx_json(sample_inventory(), subject));
  EXPECT_NE(cyclonedx_json(sample_inventory(), subject),
            cyclonedx_json(sample_inventory(), SbomSubject{"a", "sha256:2", "linux/amd64"}));
}

TEST(CycloneDx, EmptyInventory) {
  const std::string json = cyclonedx_json(PackageInventory{}, SbomSubject{"x", "", ""});
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(json).get(root), simdjson::SUCCESS) << json;
  EXPECT_EQ(simdjson::dom::array(root["components"]).size(), 0u);
}

}  // namespace
}  // namespace bulwark::image
