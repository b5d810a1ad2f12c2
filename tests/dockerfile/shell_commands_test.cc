// Shell splitting follows the POSIX Shell Command Language (XCU 2.x): lists, pipelines, compound commands,
// quoting, here-documents; plus the RUN forms from the Dockerfile reference.
#include "dockerfile/shell_commands.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "dockerfile/parser.h"

namespace bulwark::dockerfile {
namespace {

using Argv = std::vector<std::string>;

std::vector<Argv> argvs(const ShellScript& script) {
  std::vector<Argv> out;
  for (const SimpleCommand& c : script.commands) {
    Argv a;
    for (const ShellWord& w : c.argv) a.emplace_back(w.text);
    out.push_back(std::move(a));
  }
  return out;
}

ShellScript split(std::string_view s, ShellOptions o = {}) {
  return split_commands(s, SourceMap({1, 1}), o);
}

struct SplitCase {
  const char* name;
  const char* script;
  std::vector<Argv> expected;
};

class SplitTable : public testing::TestWithParam<SplitCase> {};

TEST_P(SplitTable, FindsEachSimpleCommand) {
  const ShellScript s = split(GetParam().script);
  EXPECT_EQ(argvs(s), GetParam().expected) << GetParam().name;
  EXPECT_TRUE(s.problems.empty()) << GetParam().name;
}

INSTANTIATE_TEST_SUITE_P(
    Posix, SplitTable,
    testing::Values(
        SplitCase{"and list",
                  "apt-get update && apt-get install -y curl",
                  {{"apt-get", "update"}, {"apt-get", "install", "-y", "curl"}}},
        SplitCase{"or, semicolon, background", "a || b; c & d", {{"a"}, {"b"}, {"c"}, {"d"}}},
        SplitCase{"pipeline", "curl -fsSL https://x.sh | sh", {{"curl", "-fsSL", "https://x.sh"}, {"sh"}}},
        SplitCase{"subshell and braces",
                  "(cd /x && make) | tee log; { echo a; echo b; } > f",
                  {{"cd", "/x"}, {"make"}, {"tee", "log"}, {"echo", "a"}, {"echo", "b"}}},
        SplitCase{"quoting",
                  "echo \"a b\" 'c d' e\\ f \"x\\\"y\" 'it'\\''s'",
                  {{"echo", "a b", "c d", "e f", "x\"y", "it's"}}},
        SplitCase{"backslash newline", "apt-get install \\\n   curl", {{"apt-get", "install", "curl"}}},
        SplitCase{"newlines separate", "a\nb\n\n c", {{"a"}, {"b"}, {"c"}}},
        SplitCase{"assignments", "FOO=bar BAZ=\"a b\" make install", {{"make", "install"}}},
        SplitCase{"if",
                  "if [ -f x ]; then rm x; elif true; then :; else echo no; fi",
                  {{"[", "-f", "x", "]"}, {"rm", "x"}, {"true"}, {":"}, {"echo", "no"}}},
        SplitCase{"negation", "! grep -q x f", {{"grep", "-q", "x", "f"}}},
        SplitCase{"for", "for f in a b; do echo \"$f\"; done", {{"echo", "$f"}}},
        SplitCase{"while", "while read -r l; do echo $l; done < file", {{"read", "-r", "l"}, {"echo", "$l"}}},
        SplitCase{"case",
                  "case \"$arch\" in amd64) a=1; b ;; arm64|aarch64) c ;; *) d ;; esac; e",
                  {{"b"}, {"c"}, {"d"}, {"e"}}},
        SplitCase{"case on lines",
                  "case $x in\n  (a | b)\n    one\n    ;;\n  *)\n    two\n    ;;\nesac",
                  {{"one"}, {"two"}}},
        SplitCase{"command substitution",
                  "export X=\"$(curl -s http://x)\"",
                  {{"curl", "-s", "http://x"}, {"export", "X=$(curl -s http://x)"}}},
        SplitCase{"backquotes", "v=`uname -m`", {{"uname", "-m"}}},
        SplitCase{"arithmetic is no command", "echo $((1 + 2))", {{"echo", "$((1 + 2))"}}},
        SplitCase{"parameter expansion", "echo ${a:-x y}", {{"echo", "${a:-x y}"}}},
        SplitCase{"here-document body skipped",
                  "cat <<EOF > /etc/x\nrm -rf /\nEOF\necho ok",
                  {{"cat"}, {"echo", "ok"}}},
        SplitCase{"tab-stripped here-document", "cat <<-'E'\n\trm x\n\tE\nls", {{"cat"}, {"ls"}}},
        SplitCase{"redirections", "echo hi > /etc/sudoers 2>&1 &>/dev/null", {{"echo", "hi"}}},
        SplitCase{"comments", "echo a # rm -rf /\necho b#c", {{"echo", "a"}, {"echo", "b#c"}}},
        SplitCase{"function definition", "f() { apt-get update; }; f", {{"apt-get", "update"}, {"f"}}},
        SplitCase{"sh -c",
                  "sh -c 'apt-get install -y sudo'",
                  {{"sh", "-c", "apt-get install -y sudo"}, {"apt-get", "install", "-y", "sudo"}}},
        SplitCase{"bash -euxc",
                  "bash -euxc \"curl x | bash\"",
                  {{"bash", "-euxc", "curl x | bash"}, {"curl", "x"}, {"bash"}}},
        SplitCase{"sh -o pipefail -c",
                  "/bin/sh -o pipefail -c 'a | b'",
                  {{"/bin/sh", "-o", "pipefail", "-c", "a | b"}, {"a"}, {"b"}}},
        SplitCase{"find -exec sh -c",
                  "find . -exec sh -c 'rm \"$1\"' _ {} \\;",
                  {{"find", ".", "-exec", "sh", "-c", "rm \"$1\"", "_", "{}", ";"}, {"rm", "$1"}}},
        SplitCase{"sh script file is not -c", "sh ./install.sh -c", {{"sh", "./install.sh", "-c"}}}));

TEST(ShellSplit, PipelinesAreNumbered) {
  const ShellScript s = split("curl -s x | tar xz && wget -O- y | sh");
  ASSERT_EQ(s.commands.size(), 4u);
  EXPECT_EQ(s.commands[0].pipeline, s.commands[1].pipeline);
  EXPECT_EQ(s.commands[0].pipe_index, 0u);
  EXPECT_EQ(s.commands[1].pipe_index, 1u);
  EXPECT_NE(s.commands[1].pipeline, s.commands[2].pipeline);
  EXPECT_EQ(s.commands[2].pipeline, s.commands[3].pipeline);
  EXPECT_EQ(s.commands[3].pipe_index, 1u);
  EXPECT_EQ(s.commands[3].program(), "sh");
}

TEST(ShellSplit, PositionsInsideShellMinusC) {
  // `sh -c 'x; sudo y'` starting at column 1: `sudo` is at column 12.
  const ShellScript s = split("sh -c 'x; sudo y'");
  ASSERT_EQ(s.commands.size(), 3u);
  EXPECT_EQ(s.commands[2].argv[0].text, "sudo");
  EXPECT_EQ(s.commands[2].pos, (Position{1, 11}));
  EXPECT_EQ(s.commands[2].depth, 1u);
}

TEST(ShellSplit, DepthIsBounded) {
  ShellOptions one;
  one.max_depth = 1;
  const ShellScript s = split("sh -c \"sh -c 'echo hi'\"", one);
  EXPECT_EQ(argvs(s), (std::vector<Argv>{{"sh", "-c", "sh -c 'echo hi'"}, {"sh", "-c", "echo hi"}}));
  ASSERT_EQ(s.problems.size(), 1u);
  std::string deep = "echo hi";
  for (int i = 0; i < 12; ++i) deep = "$(" + deep + ")";
  EXPECT_LE(split(deep).commands.size(), 5u);
}

TEST(ShellSplit, UnterminatedQuotesAreProblemsNotCrashes) {
  EXPECT_EQ(split("echo 'abc").problems.size(), 1u);
  EXPECT_EQ(split("echo \"abc").problems.size(), 1u);
  EXPECT_EQ(split("echo $(abc").problems.size(), 1u);
  EXPECT_EQ(split("echo `abc").problems.size(), 1u);
  std::string junk;
  for (int c = 0; c < 256; ++c) junk += static_cast<char>(c);
  for (int i = 0; i < 8; ++i) junk += junk.substr(static_cast<std::size_t>(i) * 7);
  (void)split(junk);
  (void)split(std::string(500'000, '('));
  (void)split(std::string(100'000, '$') + std::string(100'000, '('));
}

TEST(ShellSplit, WordsLiveInTheScriptNotInTheTextTheyCameFrom) {
  // Plain words are slices of the script's own copy, rewritten ones (quotes, escapes) copies beside it:
  // both outlive the caller's text and survive the script being moved, over several storage blocks.
  std::vector<ShellScript> scripts;
  std::vector<Argv> expected;
  for (int i = 0; i < 40; ++i) {
    auto text = std::make_unique<std::string>();
    Argv argv;
    for (int k = 0; k < 60; ++k) {
      const std::string n = std::to_string(i) + "-" + std::to_string(k);
      *text += "plain" + n + " 'quo ted" + n + "' esc\\aped" + n + " ";
      for (const std::string& w : {"plain" + n, "quo ted" + n, "escaped" + n}) argv.push_back(w);
    }
    scripts.push_back(split(*text));  // moved into a growing vector
    text.reset();
    expected.push_back(std::move(argv));
  }
  for (std::size_t i = 0; i < scripts.size(); ++i) {
    ASSERT_EQ(scripts[i].commands.size(), 1u);
    EXPECT_EQ(argvs(scripts[i]).front(), expected[i]);
  }
}

// --- RUN instructions -------------------------------------------------------------------------------------

ShellScript run_of(const std::string& dockerfile) {
  const Dockerfile df = parse(dockerfile);
  for (const Instruction& ins : df.instructions)
    if (ins.keyword == Keyword::Run) return run_commands(ins);
  return {};
}

TEST(RunCommands, ContinuationLinesKeepPositions) {
  const ShellScript s = run_of("FROM a\nRUN apt-get update \\\n && apt-get install -y curl\n");
  ASSERT_EQ(s.commands.size(), 2u);
  EXPECT_EQ(s.commands[0].pos, (Position{2, 5}));
  EXPECT_EQ(s.commands[1].pos, (Position{3, 5}));
  EXPECT_EQ(s.commands[1].argv[3].pos, (Position{3, 24}));
}

TEST(RunCommands, HeredocWithOnlyTheDocumentRunsItInTheDefaultShell) {
  // Reference: "If the command only contains a here-document, its contents is evaluated with the default
  // shell."
  const ShellScript s = run_of("FROM a\nRUN <<EOF\napt-get update\n  apt-get install -y vim\nEOF\n");
  EXPECT_EQ(argvs(s), (std::vector<Argv>{{"apt-get", "update"}, {"apt-get", "install", "-y", "vim"}}));
  ASSERT_EQ(s.commands.size(), 2u);
  EXPECT_EQ(s.commands[1].pos, (Position{4, 3}));
}

TEST(RunCommands, HeredocFedToAShellOrToAnotherProgram) {
  EXPECT_EQ(argvs(run_of("FROM a\nRUN <<EOT bash\nset -ex\ncurl x | sh\nEOT\n")),
            (std::vector<Argv>{{"bash"}, {"set", "-ex"}, {"curl", "x"}, {"sh"}}));
  EXPECT_EQ(argvs(run_of("FROM a\nRUN python3 <<EOF\nimport os\nEOF\n")), (std::vector<Argv>{{"python3"}}));
}

TEST(RunCommands, ExecFormIsOneCommandAndFollowsShellMinusC) {
  const ShellScript s = run_of("FROM a\nRUN [\"sh\", \"-c\", \"curl x | sh\"]\n");
  EXPECT_EQ(argvs(s), (std::vector<Argv>{{"sh", "-c", "curl x | sh"}, {"curl", "x"}, {"sh"}}));
  EXPECT_EQ(s.commands[0].pos, (Position{2, 6}));
  const ShellScript quote = run_of("FROM a\nRUN [\"echo\", \"it's\"]\n");
  EXPECT_EQ(argvs(quote), (std::vector<Argv>{{"echo", "it's"}}));
}

}  // namespace
}  // namespace bulwark::dockerfile
