// Every real Dockerfile of ../shared/corpus/dockerfiles must parse without an error, and the shell splitter
// must find commands in every RUN without complaining: these files all build with BuildKit upstream.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "dockerfile/parser.h"
#include "dockerfile/shell_commands.h"

namespace bulwark::dockerfile {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> corpus_files() {
  std::vector<fs::path> files;
  const fs::path root = fs::path(BULWARK_SOURCE_DIR) / ".." / "shared" / "corpus" / "dockerfiles";
  if (!fs::is_directory(root)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && (name.starts_with("Dockerfile") || name.starts_with("Containerfile")))
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(DockerfileCorpus, EveryFileParsesWithoutErrors) {
  const auto files = corpus_files();
  if (files.empty()) GTEST_SKIP() << "../shared/corpus/dockerfiles is absent: corpus test skipped";
  std::size_t clean = 0, instructions = 0, commands = 0;
  for (const fs::path& file : files) {
    const std::string text = read_all(file);
    const Dockerfile df = parse(text);
    for (const Diagnostic& e : df.errors)
      ADD_FAILURE() << file.string() << ":" << e.pos.line << ":" << e.pos.column << ": " << e.reason;
    EXPECT_FALSE(df.stages.empty()) << file.string() << ": no stage";
    for (const Instruction& ins : df.instructions) {
      if (ins.keyword != Keyword::Run) continue;
      const ShellScript script = run_commands(ins);
      for (const Diagnostic& p : script.problems)
        ADD_FAILURE() << file.string() << ":" << p.pos.line << ":" << p.pos.column << ": shell: " << p.reason;
      commands += script.commands.size();
    }
    instructions += df.instructions.size();
    if (df.errors.empty()) ++clean;
  }
  EXPECT_EQ(clean, files.size());
  // The corpus documents 434 files; a different count means the corpus changed, not the parser.
  EXPECT_EQ(files.size(), 434u);
  std::cout << "[ corpus   ] " << clean << "/" << files.size() << " Dockerfiles parse with no error; "
            << instructions << " instructions, " << commands << " simple commands in RUN\n";
}

}  // namespace
}  // namespace bulwark::dockerfile
