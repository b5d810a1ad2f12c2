// Runs every Dockerfile rule over ../shared/corpus/dockerfiles: no crash, every finding has a position inside
// the file, and the per-rule counts are printed (the issue records them next to dockerfilelint's).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "rules/dockerfile/dockerfile_rule.h"

namespace bulwark::rules::dockerfile {
namespace {

namespace fs = std::filesystem;

TEST(DockerfileRulesCorpus, EveryFileIsCheckedWithValidLocations) {
  const fs::path root = fs::path(BULWARK_SOURCE_DIR) / ".." / "shared" / "corpus" / "dockerfiles";
  if (!fs::is_directory(root)) GTEST_SKIP() << "../shared/corpus/dockerfiles is absent: corpus test skipped";
  std::map<std::string, std::size_t> by_rule;
  std::size_t files = 0, total = 0, default_total = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || !entry.path().filename().string().starts_with("Dockerfile")) continue;
    ++files;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    const std::string content = text.str();
    const auto lines = static_cast<std::uint32_t>(std::count(content.begin(), content.end(), '\n') + 1);
    DockerfileScanOptions all;
    all.include_disabled = true;
    for (const Finding& f : check_dockerfile(entry.path().string(), content, all)) {
      ++by_rule[std::string(f.rule->id)];
      ++total;
      if (f.rule->enabled_by_default) ++default_total;
      EXPECT_GE(f.location.range.begin.line, 1u) << entry.path() << " " << f.rule->id;
      EXPECT_LE(f.location.range.begin.line, lines) << entry.path() << " " << f.rule->id;
      EXPECT_GE(f.location.range.begin.column, 1u) << entry.path() << " " << f.rule->id;
    }
  }
  EXPECT_EQ(files, 434u);
  std::cout << "[ findings ] " << files << " Dockerfiles: " << default_total
            << " findings from default rules, " << total << " with opt-in rules\n";
  for (const auto& [id, n] : by_rule) std::cout << "[ findings ]   " << id << " " << n << "\n";
}

TEST(DockerfileCommandView, BaseNameIsThePartAfterTheLastSlash) {
  EXPECT_EQ(base_name("/usr/bin/curl"), "curl");
  EXPECT_EQ(base_name("curl"), "curl");
  EXPECT_EQ(base_name("./a/b/sh"), "sh");
  EXPECT_EQ(base_name("dir/"), "");
  EXPECT_EQ(base_name("/"), "");
  EXPECT_EQ(base_name(""), "");
}

TEST(DockerfileCommandView, PackageNameDropsTheVersionConstraint) {
  EXPECT_EQ(package_name("curl=7.88.1-10+deb12u8"), "curl");  // apt, apk
  EXPECT_EQ(package_name("nginx~1.24"), "nginx");             // apk fuzzy
  EXPECT_EQ(package_name("six>=1.16"), "six");                // pip
  EXPECT_EQ(package_name("django<5"), "django");
  EXPECT_EQ(package_name("openssh-server"), "openssh-server");
  EXPECT_EQ(package_name("=1"), "");
  EXPECT_EQ(package_name(""), "");
}

// Each wrapper the command view knows runs the program after its own options (and operand, for those that
// take one); any other program is its own argv.
TEST(DockerfileCommandView, ProgramArgvSkipsEveryKnownWrapper) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"sudo -u app curl x", "curl"},
      {"/usr/bin/sudo -E curl x", "curl"},
      {"doas -u app curl x", "curl"},
      {"env -u HOME A=1 B=2 curl x", "curl"},
      {"nohup curl x", "curl"},
      {"exec curl x", "curl"},
      {"command -p curl x", "curl"},
      {"time curl x", "curl"},
      {"builtin curl x", "curl"},
      {"nice -n 5 curl x", "curl"},
      {"ionice -c 3 curl x", "curl"},
      {"xargs -n 1 curl", "curl"},
      {"stdbuf -o L curl x", "curl"},
      {"gosu app curl x", "curl"},
      {"su-exec app curl x", "curl"},
      {"setpriv --reuid=1000 --regid=1000 --clear-groups curl x", "curl"},
      {"setpriv --reuid 1000 --init-groups curl x", "curl"},
      {"chroot /jail curl x", "curl"},
      {"timeout 5 curl x", "curl"},
      {"sudo nice -n 1 env A=1 curl x", "curl"},
      {"curl x", "curl"},
      {"sud curl x", "sud"},
      {"timeouts 5 curl", "timeouts"},
      {"e curl", "e"},
  };
  for (const auto& [script, program] : cases) {
    const df::Dockerfile file = df::parse("FROM a\nRUN " + script + "\n");
    const df::ShellScript commands = df::run_commands(file.instructions[1]);
    ASSERT_EQ(commands.commands.size(), 1u) << script;
    const Words argv = program_argv(commands.commands[0]);
    ASSERT_FALSE(argv.empty()) << script;
    EXPECT_EQ(argv[0].text, program) << script;
  }
}

// RunView::name() is computed once per command; it must be what each rule computed for itself before:
// the last path component of program_argv()[0], or nothing when the command runs no program.
TEST(DockerfileRulesCorpus, CachedProgramNamesMatchTheProgramWords) {
  const fs::path root = fs::path(BULWARK_SOURCE_DIR) / ".." / "shared" / "corpus" / "dockerfiles";
  if (!fs::is_directory(root)) GTEST_SKIP() << "../shared/corpus/dockerfiles is absent: corpus test skipped";
  std::size_t commands = 0, named = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || !entry.path().filename().string().starts_with("Dockerfile")) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    const std::string content = text.str();
    const df::Dockerfile file = df::parse(content);
    const DockerfileContext ctx(entry.path().string(), content, file, {});
    for (const RunView& run : ctx.runs()) {
      for (const df::SimpleCommand& cmd : run.script.commands) {
        const Words argv = program_argv(cmd);
        std::string expected;
        if (!argv.empty()) {
          const std::string word(argv[0].text);
          const auto slash = word.rfind('/');
          expected = slash == std::string::npos ? word : word.substr(slash + 1);
        }
        EXPECT_EQ(run.name(cmd), expected) << entry.path() << ":" << cmd.pos.line;
        ++commands;
        if (!expected.empty()) ++named;
      }
    }
  }
  EXPECT_GT(commands, 10000u);
  EXPECT_GT(named, 10000u);
}

}  // namespace
}  // namespace bulwark::rules::dockerfile
