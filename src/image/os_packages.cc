#include "image/os_packages.h"

#include <algorithm>
#include <optional>

#include "image/layer_path.h"
#include "image/rpm_database.h"

namespace bulwark::image {

namespace {

constexpr std::string_view kDpkgStatus = "/var/lib/dpkg/status";
constexpr std::string_view kDpkgStatusDir = "/var/lib/dpkg/status.d/";  // distroless: one file per package
constexpr std::string_view kApkInstalled = "/lib/apk/db/installed";
constexpr std::string_view kRpmSqlite[] = {"/var/lib/rpm/rpmdb.sqlite", "/usr/lib/sysimage/rpm/rpmdb.sqlite"};
constexpr std::string_view kRpmLegacy[] = {"/var/lib/rpm/Packages", "/var/lib/rpm/Packages.db",
                                           "/usr/lib/sysimage/rpm/Packages",
                                           "/usr/lib/sysimage/rpm/Packages.db"};
constexpr std::string_view kOsRelease[] = {"/etc/os-release", "/usr/lib/os-release"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Splits RFC 822-style text into stanzas of "Key: value" lines; continuation lines are skipped.
template <class Visit>
void for_each_stanza(std::string_view text, char separator, Visit visit) {
  std::vector<std::pair<std::string_view, std::string_view>> fields;
  auto flush = [&] {
    if (!fields.empty()) visit(fields);
    fields.clear();
  };
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (trim(line).empty()) {
      flush();
      continue;
    }
    if (line.front() == ' ' || line.front() == '\t') continue;
    const auto colon = line.find(separator);
    if (colon == std::string_view::npos) continue;
    fields.emplace_back(line.substr(0, colon), trim(line.substr(colon + 1)));
  }
  flush();
}

std::string_view field(const std::vector<std::pair<std::string_view, std::string_view>>& fields,
                       std::string_view key) {
  for (const auto& [k, v] : fields)
    if (k == key) return v;
  return {};
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '-' || c == '_' || c == '~' || c == ':';
    if (plain) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

const FileInfo* find_file(const Filesystem& fs, std::string_view path) {
  auto resolved = fs.resolve(path);
  if (!resolved || *resolved == nullptr || (*resolved)->type != EntryType::Regular) return nullptr;
  return *resolved;
}

// The content of a database file, or a note saying why it cannot be used.
std::optional<std::string_view> database_text(const FileInfo* file, std::string_view path,
                                              std::vector<std::string>& notes) {
  if (file == nullptr) return std::nullopt;
  if (!file->content) {
    notes.push_back(std::string(path) + ": content was not kept (use is_package_database in keep_content)");
    return std::nullopt;
  }
  if (file->content_truncated)
    notes.push_back(std::string(path) + ": only the first " + std::to_string(file->content->size()) + " of " +
                    std::to_string(file->size) + " bytes were read; the package list is incomplete");
  return std::string_view(*file->content);
}

}  // namespace

const char* to_string(PackageManager manager) {
  switch (manager) {
    case PackageManager::Dpkg:
      return "dpkg";
    case PackageManager::Apk:
      return "apk";
    case PackageManager::Rpm:
      return "rpm";
  }
  return "unknown";
}

bool is_package_database(std::string_view path) {
  if (path == kDpkgStatus || path == kApkInstalled) return true;
  if (path.starts_with(kDpkgStatusDir) && path.find('/', kDpkgStatusDir.size()) == std::string_view::npos)
    return true;
  for (std::string_view p : kRpmSqlite)
    if (path == p) return true;
  for (std::string_view p : kOsRelease)
    if (path == p) return true;
  return false;
}

std::vector<OsPackage> parse_dpkg_status(std::string_view text, std::string_view database) {
  std::vector<OsPackage> out;
  for_each_stanza(text, ':', [&](const auto& fields) {
    const std::string_view status = field(fields, "Status");
    // dpkg keeps removed-but-configured packages in the file; only "installed" ones are on disk.
    if (!status.empty() && !status.ends_with(" installed")) return;
    OsPackage p;
    p.manager = PackageManager::Dpkg;
    p.name = field(fields, "Package");
    p.version = field(fields, "Version");
    p.arch = field(fields, "Architecture");
    std::string_view source = field(fields, "Source");
    if (const auto space = source.find(' '); space != std::string_view::npos)
      source = source.substr(0, space);
    p.source = source;
    p.database = database;
    if (!p.name.empty() && !p.version.empty()) out.push_back(std::move(p));
  });
  return out;
}

std::vector<OsPackage> parse_apk_installed(std::string_view text, std::string_view database) {
  std::vector<OsPackage> out;
  for_each_stanza(text, ':', [&](const auto& fields) {
    OsPackage p;
    p.manager = PackageManager::Apk;
    p.name = field(fields, "P");
    p.version = field(fields, "V");
    p.arch = field(fields, "A");
    p.source = field(fields, "o");
    p.license = field(fields, "L");
    p.database = database;
    if (!p.name.empty() && !p.version.empty()) out.push_back(std::move(p));
  });
  return out;
}

OsRelease parse_os_release(std::string_view text) {
  OsRelease os;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = trim(text.substr(start, end - start));
    start = end + 1;
    const auto eq = line.find('=');
    if (eq == std::string_view::npos || line.starts_with("#")) continue;
    std::string_view value = trim(line.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    const std::string_view key = line.substr(0, eq);
    if (key == "ID") os.id = lower(value);
    if (key == "VERSION_ID") os.version_id = value;
    if (key == "PRETTY_NAME") os.pretty_name = value;
  }
  return os;
}

std::string package_url(const OsPackage& p, const OsRelease& os) {
  std::string type, vendor, distro;
  switch (p.manager) {
    case PackageManager::Dpkg:
      type = "deb";
      vendor = os.id.empty() ? "debian" : os.id;
      if (!os.version_id.empty()) distro = vendor + "-" + os.version_id;
      break;
    case PackageManager::Apk:
      type = "apk";
      vendor = os.id.empty() ? "alpine" : os.id;
      distro = os.version_id;
      break;
    case PackageManager::Rpm:
      type = "rpm";
      vendor = os.id.empty() ? "redhat" : os.id;
      if (!os.version_id.empty()) distro = vendor + "-" + os.version_id;
      break;
  }
  // deb and apk names are case-insensitive and lowercased by the spec; rpm names keep their case.
  const std::string name = p.manager == PackageManager::Rpm ? p.name : lower(p.name);
  std::string out = "pkg:" + type + "/" + percent_encode(lower(vendor)) + "/" + percent_encode(name) + "@" +
                    percent_encode(p.version);
  // Qualifiers sorted by key, as the purl spec requires for the canonical form.
  std::vector<std::string> qualifiers;
  if (!p.arch.empty()) qualifiers.push_back("arch=" + percent_encode(p.arch));
  if (!distro.empty()) qualifiers.push_back("distro=" + percent_encode(distro));
  if (p.epoch != 0) qualifiers.push_back("epoch=" + std::to_string(p.epoch));
  for (std::size_t i = 0; i < qualifiers.size(); ++i) out += (i == 0 ? "?" : "&") + qualifiers[i];
  return out;
}

PackageInventory inventory_packages(const Filesystem& fs) {
  PackageInventory inventory;
  for (std::string_view path : kOsRelease)
    if (const FileInfo* f = find_file(fs, path); f && f->content) {
      inventory.os = parse_os_release(*f->content);
      break;
    }
  auto append = [&inventory](std::vector<OsPackage>&& found) {
    for (auto& p : found) inventory.packages.push_back(std::move(p));
  };
  if (auto text = database_text(find_file(fs, kDpkgStatus), kDpkgStatus, inventory.notes))
    append(parse_dpkg_status(*text, kDpkgStatus));
  const std::string status_dir(kDpkgStatusDir);
  for (auto it = fs.files().lower_bound(status_dir);
       it != fs.files().end() && it->first.starts_with(status_dir); ++it) {
    if (it->second.type != EntryType::Regular || it->first.find('/', status_dir.size()) != std::string::npos)
      continue;
    if (auto text = database_text(&it->second, it->first, inventory.notes))
      append(parse_dpkg_status(*text, it->first));
  }
  if (auto text = database_text(find_file(fs, kApkInstalled), kApkInstalled, inventory.notes))
    append(parse_apk_installed(*text, kApkInstalled));
  for (std::string_view path : kRpmSqlite) {
    const FileInfo* f = find_file(fs, path);
    auto bytes = database_text(f, path, inventory.notes);
    if (!bytes) continue;
    auto rpms = read_rpm_sqlite(*bytes, path);
    if (!rpms)
      inventory.notes.push_back(rpms.error().message);
    else
      append(std::move(*rpms));
  }
  for (std::string_view path : kRpmLegacy)
    if (find_file(fs, path))
      inventory.notes.push_back(
          std::string(path) +
          ": Berkeley DB / NDB rpm databases are not read; only rpmdb.sqlite is supported");
  for (OsPackage& p : inventory.packages) p.purl = package_url(p, inventory.os);
  return inventory;
}

}  // namespace bulwark::image
