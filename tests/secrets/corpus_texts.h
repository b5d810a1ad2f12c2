#pragma once
// The files of ../shared/corpus/<name> and their lines: real-world texts on which the tests hold the
// scanner's shortcuts (the anchor filter, anchored regex runs) to what the plain regexes find.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark::secrets::testing {

/// The contents of every file under ../shared/corpus/`name` (none when the corpus is absent).
inline std::vector<std::string> corpus_texts(const char* name) {
  namespace fs = std::filesystem;
  std::vector<std::string> texts;
  const fs::path root = fs::path(BULWARK_SOURCE_DIR) / ".." / "shared" / "corpus" / name;
  if (!fs::is_directory(root)) return texts;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    texts.push_back(text.str());
  }
  return texts;
}

/// The lines of `text`, without their '\n'.
inline std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
  }
  return lines;
}

}  // namespace bulwark::secrets::testing
