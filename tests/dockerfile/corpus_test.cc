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

// The parser fills `words` for every instruction but a shell-form RUN; argument_words() must give exactly
// what the parser gives wherever both exist, and a RUN's words must be those of its arguments.
TEST(DockerfileCorpus, ArgumentWordsOnDemandMatchTheParsedWords) {
  const auto files = corpus_files();
  if (files.empty()) GTEST_SKIP() << "../shared/corpus/dockerfiles is absent: corpus test skipped";
  std::size_t compared = 0, runs = 0;
  for (const fs::path& file : files) {
    const std::string text = read_all(file);
    const Dockerfile df = parse(text);
    std::vector<const Instruction*> all;
    for (const Instruction& ins : df.instructions) {
      all.push_back(&ins);
      for (const Instruction& t : ins.trigger) all.push_back(&t);
    }
    for (const Instruction* ins : all) {
      const std::vector<Word> lazy = argument_words(*ins, df.escape);
      if (ins->keyword == Keyword::Run && !ins->exec_form) {
        EXPECT_TRUE(ins->words.empty()) << file.string() << ":" << ins->pos.line;
        // Every word is a non-blank slice of the arguments, in order, at the position the map gives.
        std::size_t from = 0;
        for (const Word& w : lazy) {
          const std::size_t at = ins->args.find(w.text, from);
          ASSERT_NE(at, std::string::npos) << file.string() << ":" << ins->pos.line << ": " << w.text;
          EXPECT_EQ(w.pos, ins->args_map.at(at)) << file.string() << ":" << ins->pos.line;
          from = at + w.text.size();
        }
        ++runs;
        continue;
      }
      if (ins->keyword == Keyword::Onbuild) continue;
      ASSERT_EQ(lazy.size(), ins->words.size()) << file.string() << ":" << ins->pos.line;
      for (std::size_t k = 0; k < lazy.size(); ++k) {
        EXPECT_EQ(lazy[k].text, ins->words[k].text) << file.string() << ":" << ins->pos.line;
        EXPECT_EQ(lazy[k].pos, ins->words[k].pos) << file.string() << ":" << ins->pos.line;
      }
      ++compared;
    }
  }
  EXPECT_GT(runs, 1000u);
  EXPECT_GT(compared, 1000u);
}

}  // namespace
}  // namespace bulwark::dockerfile
