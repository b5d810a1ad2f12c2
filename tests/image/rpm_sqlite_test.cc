#include <gtest/gtest.h>
#include <sqlite3.h>

#include "image/rpm_database.h"
#include "test_archive_builder.h"

namespace bulwark::image {
namespace {

void put32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
}

std::string header(const std::string& name, const std::string& version) {
  std::string data, index;
  auto add = [&](std::uint32_t tag, const std::string& value) {
    put32(index, tag);
    put32(index, 6);
    put32(index, static_cast<std::uint32_t>(data.size()));
    put32(index, 1);
    data += value + std::string(1, '\0');
  };
  add(1000, name);
  add(1001, version);
  add(1002, "1.fc40");
  add(1022, "x86_64");
  std::string blob;
  put32(blob, static_cast<std::uint32_t>(index.size() / 16));
  put32(blob, static_cast<std::uint32_t>(data.size()));
  return blob + index + data;
}

TEST(RpmSqlite, ReadsPackagesTableOfAWalDatabase) {
  ASSERT_TRUE(rpm_sqlite_supported());
  const std::string path = testing::temp_dir("rpm") + "/rpmdb.sqlite";
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  // The schema rpm's sqlite backend creates (lib/backend/sqlite.c), in WAL mode as rpm uses it.
  sqlite3_exec(db, "PRAGMA journal_mode=WAL;", nullptr, nullptr, nullptr);
  ASSERT_EQ(
      sqlite3_exec(db, "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL);",
                   nullptr, nullptr, nullptr),
      SQLITE_OK);
  for (const auto& [name, version] : std::vector<std::pair<std::string, std::string>>{
           {"bash", "5.2.26"}, {"gpg-pubkey", "a15b79cc"}, {"curl", "8.6.0"}}) {
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO Packages (blob) VALUES (?)", -1, &insert, nullptr);
    const std::string blob = header(name, version);
    sqlite3_bind_blob(insert, 1, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(insert), SQLITE_DONE);
    sqlite3_finalize(insert);
  }
  sqlite3_close(db);  // checkpoints the WAL into the main file, as rpm does on exit
  auto packages = read_rpm_sqlite(testing::read_file(path), "/var/lib/rpm/rpmdb.sqlite");
  ASSERT_TRUE(packages) << packages.error().message;
  ASSERT_EQ(packages->size(), 2u);
  EXPECT_EQ((*packages)[0].name, "bash");
  EXPECT_EQ((*packages)[0].version, "5.2.26-1.fc40");
  EXPECT_EQ((*packages)[1].name, "curl");
}

TEST(RpmSqlite, RejectsNonSqliteAndForeignSchemas) {
  EXPECT_FALSE(read_rpm_sqlite("not a database", "db"));
  const std::string path = testing::temp_dir("rpm") + "/other.sqlite";
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "CREATE TABLE t (x);", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto r = read_rpm_sqlite(testing::read_file(path), "db");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("Packages"), std::string::npos);
}

}  // namespace
}  // namespace bulwark::image
