#include <sqlite3.h>

#include <cstring>
#include <memory>

#include "image/rpm_database.h"

namespace bulwark::image {

namespace {
struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
// rpm's sqlite backend writes in WAL mode; a database image in memory can only be opened in rollback
// mode, which bytes 18-19 of the header select (SQLite file format, "File format version numbers").
constexpr std::size_t kWriteVersionOffset = 18;
constexpr std::size_t kSqliteHeaderBytes = 100;
}  // namespace

bool rpm_sqlite_supported() {
  return true;
}

ImageResult<std::vector<OsPackage>> read_rpm_sqlite(std::string_view file, std::string_view database) {
  if (file.size() < kSqliteHeaderBytes || !file.starts_with(std::string_view("SQLite format 3\0", 16)))
    return image_error(ImageErrorKind::Format, std::string(database) + ": not an SQLite database");
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    sqlite3_close(raw);
    return image_error(ImageErrorKind::Io, std::string(database) + ": cannot open SQLite");
  }
  std::unique_ptr<sqlite3, DbCloser> db(raw);
  auto* copy = static_cast<unsigned char*>(sqlite3_malloc64(file.size()));
  if (copy == nullptr) return image_error(ImageErrorKind::Io, std::string(database) + ": out of memory");
  std::memcpy(copy, file.data(), file.size());
  copy[kWriteVersionOffset] = 1;
  copy[kWriteVersionOffset + 1] = 1;
  if (sqlite3_deserialize(db.get(), "main", copy, static_cast<sqlite3_int64>(file.size()),
                          static_cast<sqlite3_int64>(file.size()),
                          SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY) != SQLITE_OK)
    return image_error(ImageErrorKind::Format, std::string(database) + ": " + sqlite3_errmsg(db.get()));
  sqlite3_stmt* raw_statement = nullptr;
  if (sqlite3_prepare_v2(db.get(), "SELECT blob FROM Packages", -1, &raw_statement, nullptr) != SQLITE_OK)
    return image_error(ImageErrorKind::Format,
                       std::string(database) + ": no rpm Packages table (" + sqlite3_errmsg(db.get()) + ")");
  std::unique_ptr<sqlite3_stmt, StatementFinalizer> statement(raw_statement);
  std::vector<OsPackage> out;
  int step = SQLITE_ROW;
  while ((step = sqlite3_step(statement.get())) == SQLITE_ROW) {
    const void* blob = sqlite3_column_blob(statement.get(), 0);
    const int size = sqlite3_column_bytes(statement.get(), 0);
    if (blob == nullptr || size <= 0) continue;
    auto package = parse_rpm_header(
        std::string_view(static_cast<const char*>(blob), static_cast<std::size_t>(size)), database);
    if (!package) return std::unexpected(package.error());
    // gpg-pubkey entries are imported signing keys, not software.
    if (package->name == "gpg-pubkey") continue;
    out.push_back(std::move(*package));
  }
  if (step != SQLITE_DONE)
    return image_error(ImageErrorKind::Format, std::string(database) + ": " + sqlite3_errmsg(db.get()));
  return out;
}

}  // namespace bulwark::image
