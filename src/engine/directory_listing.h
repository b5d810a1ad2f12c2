#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark::engine {

/// One entry of a directory, typed the way the input walks need: symbolic links are resolved,
/// and a link to a directory is told apart so that walks can skip it (no loops).
struct DirectoryEntry {
  enum class Type : uint8_t { File, Directory, LinkedDirectory, Other };
  std::string name;
  Type type = Type::Other;
};

/// The entries of `dir` but "." and "..", sorted by name (byte order, so `dir/name` strings sort
/// the same way); the system's message when the directory cannot be read. readdir's own file
/// types spare a stat per entry, and no std::filesystem::path is built per entry: listing with
/// directory_iterator cost several thousand instructions a file, on the serial start of a scan.
std::expected<std::vector<DirectoryEntry>, std::string> list_directory(const std::string& dir);

/// `dir` + "/" + `name` (no second slash when `dir` ends with one), as directory_iterator spells
/// the paths it yields.
std::string join_path(std::string_view dir, std::string_view name);

}  // namespace bulwark::engine
