#include "image/rpm_database.h"

namespace bulwark::image {

bool rpm_sqlite_supported() {
  return false;
}

ImageResult<std::vector<OsPackage>> read_rpm_sqlite(std::string_view, std::string_view database) {
  return image_error(
      ImageErrorKind::Unsupported,
      std::string(database) + ": rpm packages not listed: this build has no SQLite (libsqlite3-dev)");
}

}  // namespace bulwark::image
