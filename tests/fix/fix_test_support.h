#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "fix/file_fixer.h"

namespace bulwark::fix::testing {

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::filesystem::path source_dir() {
  return BULWARK_SOURCE_DIR;
}

/// The default fixes at PSS restricted, latest.
inline FileFixOptions default_options() {
  FileFixOptions o;
  o.context.pss_level = rules::PssLevel::Restricted;
  return o;
}

}  // namespace bulwark::fix::testing
