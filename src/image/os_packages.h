#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "image/filesystem.h"

namespace bulwark::image {

/// Which package database a package was found in.
enum class PackageManager { Dpkg, Apk, Rpm };

const char* to_string(PackageManager manager);

/// One installed OS package.
struct OsPackage {
  PackageManager manager = PackageManager::Dpkg;
  std::string name;
  std::string
      version;  // as the package manager prints it (dpkg: [epoch:]upstream[-revision]; rpm: version-release)
  std::string arch;
  std::string source;       // source package (dpkg Source, apk origin, rpm SOURCERPM), when recorded
  std::string license;      // apk / rpm only
  std::uint32_t epoch = 0;  // rpm only (dpkg keeps it in `version`)
  std::string database;     // the file it was read from
  std::string purl;
};

/// /etc/os-release (or /usr/lib/os-release) fields that identify the distribution.
struct OsRelease {
  std::string id;  // "debian", "alpine", "ubuntu", "fedora"
  std::string version_id;
  std::string pretty_name;
};

/// The OS packages of an image, with what could not be read.
struct PackageInventory {
  OsRelease os;
  std::vector<OsPackage> packages;
  std::vector<std::string> notes;  // e.g. unsupported or truncated databases: the list may be incomplete
};

/// Paths whose content the inventory needs; use it in ReadOptions::keep_content.
bool is_package_database(std::string_view path);

std::vector<OsPackage> parse_dpkg_status(std::string_view text, std::string_view database);
std::vector<OsPackage> parse_apk_installed(std::string_view text, std::string_view database);
OsRelease parse_os_release(std::string_view text);

/// Reads every known package database in `fs` (content must have been kept, see is_package_database)
/// and fills in purls.
PackageInventory inventory_packages(const Filesystem& fs);

/// pkg:deb/debian/curl@7.88.1-10?arch=amd64&distro=debian-12 (purl-spec types deb, apk, rpm).
std::string package_url(const OsPackage& package, const OsRelease& os);

}  // namespace bulwark::image
