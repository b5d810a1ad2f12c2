#pragma once

#include <string_view>
#include <vector>

#include "image/image_error.h"
#include "image/os_packages.h"

namespace bulwark::image {

/// Decodes one rpm header blob (as stored in rpmdb.sqlite's Packages.blob: index count, data length,
/// 16-byte index entries, data store; all big-endian) into a package. Bounds are checked; a malformed
/// header is a Format error. `database` names the source in messages.
ImageResult<OsPackage> parse_rpm_header(std::string_view blob, std::string_view database);

/// Reads every package of an rpmdb.sqlite file held in memory (Fedora 33+, RHEL 9, ...). Unsupported
/// when bulwark was built without SQLite (the note says so; dpkg and apk are unaffected).
ImageResult<std::vector<OsPackage>> read_rpm_sqlite(std::string_view file, std::string_view database);

/// Whether read_rpm_sqlite is available in this build.
bool rpm_sqlite_supported();

}  // namespace bulwark::image
