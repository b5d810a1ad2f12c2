// Parser expectations taken from the Dockerfile reference (docs.docker.com/reference/dockerfile, the
// "Parser directives", "escape", "Environment replacement", "Here-Documents", "ENV", "ARG" and "ONBUILD"
// sections) and from BuildKit's documented behaviour.
#include "dockerfile/parser.h"

#include <gtest/gtest.h>

#include <string>

#include "dockerfile/scope.h"

namespace bulwark::dockerfile {
namespace {

std::string errors_of(const Dockerfile& df) {
  std::string out;
  for (const Diagnostic& e : df.errors)
    out += std::to_string(e.pos.line) + ":" + std::to_string(e.pos.column) + ": " + e.reason + "\n";
  return out;
}

// --- parser directives and the escape character ----------------------------------------------------------

TEST(DockerfileDirectives, EscapeBacktickKeepsBackslashesLiteral) {
  // Reference, "escape": with `# escape=`` the Windows paths end in a literal backslash.
  const Dockerfile df =
      parse("# escape=`\n\nFROM microsoft/nanoserver\nCOPY testfile.txt c:\\\nRUN dir c:\\\n");
  EXPECT_EQ(errors_of(df), "");
  EXPECT_EQ(df.escape, '`');
  ASSERT_EQ(df.instructions.size(), 3u);
  EXPECT_EQ(df.instructions[1].args, "testfile.txt c:\\");
  EXPECT_EQ(df.instructions[2].args, "dir c:\\");
}

TEST(DockerfileDirectives, DefaultEscapeJoinsTheWindowsExampleIntoOneInstruction) {
  // Reference, "escape": without the directive the second line continues into the third:
  // "Step 2/2 : COPY testfile.txt c:\RUN dir c:".
  const Dockerfile df = parse("FROM microsoft/nanoserver\nCOPY testfile.txt c:\\\\\nRUN dir c:\\\n");
  ASSERT_EQ(df.instructions.size(), 2u);
  EXPECT_EQ(df.instructions[1].keyword, Keyword::Copy);
  EXPECT_EQ(df.instructions[1].args, "testfile.txt c:\\RUN dir c:");
}

struct DirectiveCase {
  const char* name;
  const char* text;
  const char* expected_directive;  // name of the directive that must be recognised, or "" for none
  bool expect_error;
};

class DirectiveTable : public testing::TestWithParam<DirectiveCase> {};

TEST_P(DirectiveTable, FollowsTheReferenceRules) {
  const DirectiveCase& c = GetParam();
  const Dockerfile df = parse(c.text);
  if (*c.expected_directive) {
    ASSERT_EQ(df.directives.size(), 1u) << c.name;
    EXPECT_EQ(df.directives[0].name, c.expected_directive);
  } else {
    EXPECT_TRUE(df.directives.empty()) << c.name;
  }
  EXPECT_EQ(!df.errors.empty(), c.expect_error) << errors_of(df);
}

INSTANTIATE_TEST_SUITE_P(
    Reference, DirectiveTable,
    testing::Values(
        DirectiveCase{"plain", "# syntax=docker/dockerfile:1\nFROM a\n", "syntax", false},
        DirectiveCase{"no space", "#directive=value\nFROM a\n", "", false},  // unknown: a comment
        DirectiveCase{"spaces around =", "# escape = `\nFROM a\n", "escape", false},
        DirectiveCase{"tab and mixed case", "#\t  eScApE=`\nFROM a\n", "escape", false},
        DirectiveCase{"check", "# check=skip=JSONArgsRecommended;error=true\nFROM a\n", "check", false},
        // "Treated as a comment because it appears after a builder instruction"
        DirectiveCase{"after instruction", "FROM a\n# escape=`\n", "", false},
        // "Treated as a comment because it appears after a comment that isn't a parser directive"
        DirectiveCase{"after comment", "# About my dockerfile\n# escape=`\nFROM a\n", "", false},
        // "unknowndirective is treated as a comment ... syntax is treated as a comment because it appears
        // after"
        DirectiveCase{"after unknown", "# unknowndirective=value\n# syntax=value\nFROM a\n", "", false},
        DirectiveCase{"after blank line", "\n# escape=`\nFROM a\n", "", false},
        // "Invalid due to appearing twice"
        DirectiveCase{"twice", "# escape=`\n# escape=\\\nFROM a\n", "escape", true},
        DirectiveCase{"bad escape token", "# escape=x\nFROM a\n", "escape", true}));

TEST(DockerfileDirectives, DirectiveDoesNotContinueOverLines) {
  // "Line continuation characters aren't supported in parser directives": `# direc \` is a comment.
  const Dockerfile df = parse("# direc \\\ntive=value\nFROM a\n");
  EXPECT_TRUE(df.directives.empty());
  EXPECT_EQ(df.escape, '\\');
}

// --- continuation lines, comments, positions --------------------------------------------------------------

TEST(DockerfileLines, CommentAndBlankLinesInsideContinuationAreDropped) {
  const Dockerfile df = parse("FROM a\nRUN echo hello \\\n# comment\n\n    world\n");
  ASSERT_EQ(df.instructions.size(), 2u);
  const Instruction& run = df.instructions[1];
  EXPECT_EQ(run.args, "echo hello     world");
  EXPECT_EQ(run.pos, (Position{2, 1}));
  EXPECT_EQ(run.args_pos, (Position{2, 5}));
  EXPECT_EQ(run.end_line, 5u);
  // "world" is on line 5, column 5.
  EXPECT_EQ(run.args_map.at(run.args.find("world")), (Position{5, 5}));
  ASSERT_EQ(df.comments.size(), 1u);
  EXPECT_EQ(df.comments[0].text, "comment");
  EXPECT_EQ(df.comments[0].pos, (Position{3, 1}));
  EXPECT_EQ(df.warnings.size(), 1u);  // the empty continuation line
}

TEST(DockerfileLines, KeywordsAreCaseInsensitiveAndIndentedInstructionsKeepTheirColumn) {
  const Dockerfile df = parse("from alpine\n  Run echo hi\r\n\tworkdir /app\n");
  ASSERT_EQ(df.instructions.size(), 3u);
  EXPECT_EQ(df.instructions[1].keyword, Keyword::Run);
  EXPECT_EQ(df.instructions[1].pos, (Position{2, 3}));
  EXPECT_EQ(df.instructions[1].args, "echo hi");  // CR of CRLF is not part of the text
  EXPECT_EQ(df.instructions[2].pos, (Position{3, 2}));
  ASSERT_EQ(df.instructions[2].words.size(), 1u);
  EXPECT_EQ(df.instructions[2].words[0].pos, (Position{3, 10}));
}

TEST(DockerfileLines, Utf8BomIsIgnored) {
  const Dockerfile df = parse("\xEF\xBB\xBF# escape=`\nFROM a\n");
  EXPECT_EQ(df.escape, '`');
  ASSERT_EQ(df.instructions.size(), 1u);
  EXPECT_EQ(df.instructions[0].pos, (Position{2, 1}));
}

// --- errors ----------------------------------------------------------------------------------------------

struct ErrorCase {
  const char* name;
  const char* text;
  Position pos;
  const char* reason_contains;
};

class ErrorTable : public testing::TestWithParam<ErrorCase> {};

TEST_P(ErrorTable, ReportsLineColumnAndReason) {
  const ErrorCase& c = GetParam();
  const Dockerfile df = parse(c.text);
  ASSERT_FALSE(df.errors.empty()) << c.name;
  EXPECT_EQ(df.errors[0].pos, c.pos) << c.name << ": " << errors_of(df);
  EXPECT_NE(df.errors[0].reason.find(c.reason_contains), std::string::npos)
      << c.name << ": " << errors_of(df);
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, ErrorTable,
    testing::Values(
        ErrorCase{"unknown instruction", "FROM a\n  FORM b\n", {2, 3}, "unknown instruction: FORM"},
        ErrorCase{"unterminated heredoc", "FROM a\nRUN  <<EOF\necho hi\n", {2, 6}, "unterminated heredoc"},
        ErrorCase{"unterminated 2nd heredoc",
                  "FROM a\nRUN <<A cat && <<B cat\n1\nA\n2\n",
                  {2, 16},
                  "unterminated heredoc \"B\""},
        ErrorCase{"shell not json", "FROM a\nSHELL /bin/bash -c\n", {2, 7}, "JSON form"},
        ErrorCase{"FROM arity", "FROM a b\n", {1, 6}, "one or three arguments"},
        ErrorCase{"ENV without =", "FROM a\nENV A=1 B\n", {2, 9}, "can't find = in \"B\""},
        ErrorCase{"ENV legacy one word", "FROM a\nENV A\n", {2, 1}, "must have two arguments"},
        ErrorCase{"COPY one argument", "FROM a\nCOPY x\n", {2, 1}, "at least two arguments"},
        ErrorCase{"ONBUILD ONBUILD", "FROM a\nONBUILD ONBUILD RUN x\n", {2, 9}, "isn't allowed"},
        ErrorCase{"ONBUILD FROM", "FROM a\nONBUILD FROM b\n", {2, 9}, "isn't allowed"},
        ErrorCase{"stage name", "FROM a AS 1st\n", {1, 11}, "invalid name for build stage"},
        ErrorCase{"before FROM", "RUN x\nFROM a\n", {1, 1}, "only ARG may come before FROM"},
        ErrorCase{"bad substitution in FROM", "ARG X\nFROM ${X:?required}\n", {2, 6}, "X: required"}));

// --- exec and shell form ---------------------------------------------------------------------------------

TEST(DockerfileForms, ExecFormIsAJsonArray) {
  const Dockerfile df = parse("FROM a\nENTRYPOINT [\"/bin/bash\", \"-c\", \"echo \\\"hi\\\" \\u00e9\"]\n");
  const Instruction& ep = df.instructions[1];
  ASSERT_TRUE(ep.exec_form);
  ASSERT_EQ(ep.exec.size(), 3u);
  EXPECT_EQ(ep.exec[0].text, "/bin/bash");
  EXPECT_EQ(ep.exec[2].text, "echo \"hi\" \xC3\xA9");
  EXPECT_EQ(ep.exec[1].pos, (Position{2, 26}));
}

TEST(DockerfileForms, InvalidJsonFallsBackToShellFormWithAWarning) {
  // Reference, "Backslashes": RUN ["c:\windows\system32\tasklist.exe"] "would otherwise be treated as shell
  // form".
  const Dockerfile df = parse("FROM a\nRUN [\"c:\\windows\\system32\\tasklist.exe\"]\n");
  EXPECT_EQ(errors_of(df), "");
  EXPECT_FALSE(df.instructions[1].exec_form);
  EXPECT_EQ(df.warnings.size(), 1u);
  const Dockerfile ok = parse("FROM a\nRUN [\"c:\\\\windows\\\\system32\\\\tasklist.exe\"]\n");
  ASSERT_TRUE(ok.instructions[1].exec_form);
  EXPECT_EQ(ok.instructions[1].exec[0].text, "c:\\windows\\system32\\tasklist.exe");
}

// --- here-documents --------------------------------------------------------------------------------------

TEST(DockerfileHeredocs, RunWithOneHeredoc) {
  const Dockerfile df = parse(
      "# syntax=docker/dockerfile:1\nFROM debian\nRUN <<EOT bash\n  set -ex\n  apt-get update\nEOT\nUSER "
      "x\n");
  EXPECT_EQ(errors_of(df), "");
  ASSERT_EQ(df.instructions.size(), 3u);
  const Instruction& run = df.instructions[1];
  ASSERT_EQ(run.heredocs.size(), 1u);
  EXPECT_EQ(run.heredocs[0].name, "EOT");
  EXPECT_EQ(run.heredocs[0].content, "  set -ex\n  apt-get update\n");
  EXPECT_TRUE(run.heredocs[0].expand);
  EXPECT_FALSE(run.heredocs[0].chomp);
  EXPECT_EQ(run.heredocs[0].pos, (Position{3, 5}));
  EXPECT_EQ(run.heredocs[0].content_map.at(10), (Position{5, 1}));
  EXPECT_EQ(run.end_line, 6u);
  EXPECT_EQ(df.instructions[2].pos, (Position{7, 1}));
}

TEST(DockerfileHeredocs, SeveralHeredocsInOneInstruction) {
  // Reference: RUN <<FILE1 cat > file1 && <<FILE2 cat > file2
  const Dockerfile df = parse(
      "FROM alpine\nRUN <<FILE1 cat > file1 && <<FILE2 cat > file2\nI am\nfirst\nFILE1\nI am\n"
      "second\nFILE2\n");
  EXPECT_EQ(errors_of(df), "");
  const Instruction& run = df.instructions[1];
  ASSERT_EQ(run.heredocs.size(), 2u);
  EXPECT_EQ(run.heredocs[0].content, "I am\nfirst\n");
  EXPECT_EQ(run.heredocs[1].content, "I am\nsecond\n");
}

TEST(DockerfileHeredocs, ChompAndQuotedDelimiter) {
  // Reference: COPY <<-"EOT" /script.sh -- quoting any part of the word disables expansion.
  const Dockerfile df =
      parse("FROM alpine\nCOPY <<-\"EOT\" /script.sh\n\techo \"hello ${FOO}\"\n\tEOT\nRUN x\n");
  EXPECT_EQ(errors_of(df), "");
  ASSERT_EQ(df.instructions.size(), 3u);
  const Heredoc& doc = df.instructions[1].heredocs.at(0);
  EXPECT_EQ(doc.name, "EOT");
  EXPECT_TRUE(doc.chomp);
  EXPECT_FALSE(doc.expand);
  EXPECT_EQ(doc.content, "\techo \"hello ${FOO}\"\n");
  const Dockerfile single = parse("FROM a\nCOPY <<'E'OF /x\nbody\nEOF\n");
  EXPECT_FALSE(single.instructions[1].heredocs.at(0).expand);
  EXPECT_EQ(single.instructions[1].heredocs.at(0).name, "EOF");
}

TEST(DockerfileHeredocs, NotAHeredoc) {
  // Exec form and quoted words are no here-documents; without `<<-` an indented delimiter does not close.
  const Dockerfile df =
      parse("FROM a\nRUN [\"<<EOF\"]\nRUN \"<<NOHEREDOC\"\nRUN echo $((1<<2))\nRUN cat <<<x\n");
  EXPECT_EQ(errors_of(df), "");
  ASSERT_EQ(df.instructions.size(), 5u);
  for (const Instruction& ins : df.instructions) EXPECT_TRUE(ins.heredocs.empty());
  const Dockerfile indented = parse("FROM a\nRUN <<EOF\n\tEOF\n");
  EXPECT_FALSE(indented.errors.empty());
}

// --- ENV, LABEL, ARG, flags, stages, ONBUILD -------------------------------------------------------------

TEST(DockerfilePairs, EnvFormsFromTheReference) {
  const Dockerfile df = parse(
      "FROM a\nENV MY_NAME=\"John Doe\" MY_DOG=Rex\\ The\\ Dog \\\n    MY_CAT=fluffy\nENV MY_VAR my-value is "
      "here\n"
      "LABEL \"com.example.vendor\"=\"ACME Incorporated\" version=1.0\n");
  EXPECT_EQ(errors_of(df), "");
  const auto& env = df.instructions[1].pairs;
  ASSERT_EQ(env.size(), 3u);
  EXPECT_EQ(env[0].key, "MY_NAME");
  EXPECT_EQ(env[0].value, "\"John Doe\"");
  EXPECT_EQ(env[1].value, "Rex\\ The\\ Dog");
  EXPECT_EQ(env[2].key_pos, (Position{3, 5}));
  EXPECT_EQ(env[2].value_pos, (Position{3, 12}));
  const auto& legacy = df.instructions[2].pairs;
  ASSERT_EQ(legacy.size(), 1u);
  EXPECT_EQ(legacy[0].key, "MY_VAR");
  EXPECT_EQ(legacy[0].value, "my-value is here");
  EXPECT_EQ(df.instructions[3].pairs.size(), 2u);
  EXPECT_EQ(expand(*env[1].value, {})->text, "Rex The Dog");
}

TEST(DockerfileFlags, RunMountNetworkSecurityAndCopyFrom) {
  const Dockerfile df = parse(
      "FROM --platform=$BUILDPLATFORM golang:1.22 AS Build\n"
      "RUN --mount=type=secret,id=aws,target=/root/.aws/credentials --network=none --security=insecure make\n"
      "FROM scratch\nCOPY --from=build --chown=1000:1000 --link /out /app\n");
  EXPECT_EQ(errors_of(df), "");
  const Instruction& run = df.instructions[1];
  ASSERT_EQ(run.flags.size(), 3u);
  EXPECT_EQ(run.flags[0].name, "mount");
  EXPECT_EQ(run.flags[0].value, "type=secret,id=aws,target=/root/.aws/credentials");
  EXPECT_EQ(run.flags[1].pos, (Position{2, 62}));
  EXPECT_EQ(run.flag("security")->value, "insecure");
  EXPECT_EQ(run.args, "make");
  const Instruction& copy = df.instructions[3];
  EXPECT_EQ(copy.flag("from")->value, "build");
  EXPECT_FALSE(copy.flag("link")->value.has_value());
  ASSERT_EQ(copy.words.size(), 2u);
  ASSERT_EQ(df.stages.size(), 2u);
  EXPECT_EQ(df.stages[0].name, "build");  // stage names are case-insensitive
  EXPECT_EQ(df.stages[0].platform, "$BUILDPLATFORM");
  EXPECT_EQ(df.stages[1].from, 2u);
  EXPECT_EQ(df.instructions[3].stage, 1);
}

TEST(DockerfileFlags, QuotedFlagValueWithBlanksIsOneFlag) {
  // A flag ends where its word ends: blanks inside quotes or after the escape character belong to it.
  const Dockerfile df = parse("FROM a\nRUN --mount=\"type=cache,target=/a b\" --network=no\\ ne echo hi\n");
  EXPECT_EQ(errors_of(df), "");
  const Instruction& run = df.instructions[1];
  ASSERT_EQ(run.flags.size(), 2u);
  EXPECT_EQ(run.flags[0].value, "type=cache,target=/a b");
  EXPECT_EQ(run.flags[1].value, "no\\ ne");
  EXPECT_EQ(run.flags[1].pos, (Position{2, 38}));
  EXPECT_EQ(run.args, "echo hi");
}

TEST(DockerfileWords, ShellFormRunWordsAreSplitOnDemand) {
  // The parser leaves a shell-form RUN's blank-split words to argument_words(); other instructions and
  // exec-form RUN keep theirs.
  const Dockerfile df =
      parse("FROM a\nRUN apt-get install \\\n  -y 'a b' c\nRUN [\"echo\", \"x y\"]\nUSER app\n");
  EXPECT_EQ(errors_of(df), "");
  const Instruction& run = df.instructions[1];
  EXPECT_TRUE(run.words.empty());
  const std::vector<Word> words = argument_words(run, df.escape);
  ASSERT_EQ(words.size(), 5u);
  EXPECT_EQ(words[0].text, "apt-get");
  EXPECT_EQ(words[0].pos, (Position{2, 5}));
  EXPECT_EQ(words[2].text, "-y");
  EXPECT_EQ(words[2].pos, (Position{3, 3}));
  EXPECT_EQ(words[3].text, "'a b'");
  EXPECT_EQ(words[3].pos, (Position{3, 6}));
  EXPECT_EQ(words[4].text, "c");
  const Instruction& exec = df.instructions[2];
  ASSERT_EQ(exec.words.size(), 2u);
  EXPECT_EQ(argument_words(exec, df.escape).size(), 2u);
  EXPECT_EQ(argument_words(exec, df.escape)[1].text, "x y");
  const Instruction& user = df.instructions[3];
  ASSERT_EQ(user.words.size(), 1u);
  EXPECT_EQ(argument_words(user, df.escape)[0].text, "app");
}

TEST(DockerfileStages, StageBuiltOnAnEarlierStage) {
  const Dockerfile df = parse("FROM alpine:3.20 AS base\nRUN x\nFROM base AS test\nFROM BASE\n");
  ASSERT_EQ(df.stages.size(), 3u);
  EXPECT_EQ(df.stages[0].base_stage, -1);
  EXPECT_EQ(df.stages[1].base_stage, 0);
  EXPECT_EQ(df.stages[2].base_stage, 0);
  EXPECT_EQ(df.stages[0].end, 2u);
}

TEST(DockerfileOnbuild, TriggerIsParsedAsAnInstruction) {
  const Dockerfile df =
      parse("FROM a\nONBUILD ADD . /app/src\nONBUILD RUN --mount=from=config,target=/x make\n");
  EXPECT_EQ(errors_of(df), "");
  ASSERT_EQ(df.instructions[1].trigger.size(), 1u);
  const Instruction& add = df.instructions[1].trigger[0];
  EXPECT_EQ(add.keyword, Keyword::Add);
  EXPECT_EQ(add.pos, (Position{2, 9}));
  EXPECT_EQ(add.words.size(), 2u);
  const Instruction& run = df.instructions[2].trigger.at(0);
  EXPECT_EQ(run.flag("mount")->value, "from=config,target=/x");
  EXPECT_EQ(run.args, "make");
}

// --- ARG scoping and substitution in context (reference "ARG" and "Environment replacement") -------------

TEST(DockerfileScope, GlobalArgsResolveFromLines) {
  const Dockerfile df = parse(
      "ARG  CODE_VERSION=latest\nFROM base:${CODE_VERSION}\nCMD  /code/run-app\n\n"
      "FROM extras:${CODE_VERSION}\nCMD  /code/run-extras\n");
  ASSERT_EQ(df.stages.size(), 2u);
  EXPECT_EQ(df.stages[0].base_resolved, "base:latest");
  EXPECT_EQ(df.stages[1].base_resolved, "extras:latest");
  EXPECT_FALSE(df.stages[1].base_unresolved);
  ParseOptions given;
  given.build_args.set("CODE_VERSION", "1.2");
  EXPECT_EQ(parse("ARG CODE_VERSION=latest\nFROM base:$CODE_VERSION\n", given).stages[0].base_resolved,
            "base:1.2");
  const Dockerfile unset = parse("ARG TAG\nFROM img:$TAG\nFROM img2:${TAG:-3.1}\n");
  EXPECT_TRUE(unset.stages[0].base_unresolved);
  EXPECT_EQ(unset.stages[0].base_resolved, "img:");
  EXPECT_FALSE(unset.stages[1].base_unresolved);
  EXPECT_EQ(unset.stages[1].base_resolved, "img2:3.1");
}

TEST(DockerfileScope, GlobalArgIsVisibleInAStageOnlyWhenRedeclared) {
  const Dockerfile df = parse("ARG VERSION=latest\nFROM busybox:$VERSION\nRUN a\nARG VERSION\nRUN b\n");
  EXPECT_FALSE(variables_before(df, 2).find("VERSION").has_value());
  EXPECT_EQ(variables_before(df, 4).find("VERSION"), "latest");
}

TEST(DockerfileScope, ArgDefaultsAndBuildArgs) {
  // Reference: USER ${username:-some_user} before `ARG username`, then USER $username.
  const Dockerfile df = parse("FROM busybox\nUSER ${username:-some_user}\nARG username\nUSER $username\n");
  EXPECT_EQ(expand_at(df, 1, df.instructions[1].words[0].text)->text, "some_user");
  EXPECT_EQ(expand_at(df, 3, df.instructions[3].words[0].text)->text, "");
  Variables build_args;
  build_args.set("username", "what_user");
  EXPECT_EQ(expand_at(df, 1, df.instructions[1].words[0].text, build_args)->text, "some_user");
  EXPECT_EQ(expand_at(df, 3, df.instructions[3].words[0].text, build_args)->text, "what_user");
}

TEST(DockerfileScope, EnvOverridesArg) {
  Variables build_args;
  build_args.set("CONT_IMG_VER", "v2.0.1");
  const Dockerfile fixed =
      parse("FROM ubuntu\nARG CONT_IMG_VER\nENV CONT_IMG_VER=v1.0.0\nRUN echo $CONT_IMG_VER\n");
  EXPECT_EQ(variables_before(fixed, 3, build_args).find("CONT_IMG_VER"), "v1.0.0");
  const Dockerfile defaulted = parse(
      "FROM ubuntu\nARG CONT_IMG_VER\nENV CONT_IMG_VER=${CONT_IMG_VER:-v1.0.0}\nRUN echo $CONT_IMG_VER\n");
  EXPECT_EQ(variables_before(defaulted, 3, build_args).find("CONT_IMG_VER"), "v2.0.1");
  EXPECT_EQ(variables_before(defaulted, 3).find("CONT_IMG_VER"), "v1.0.0");
}

TEST(DockerfileScope, EnvLineSeesValuesFromBeforeIt) {
  // Reference: ENV abc=hello / ENV abc=bye def=$abc / ENV ghi=$abc -> def=hello, ghi=bye.
  const Dockerfile df = parse("FROM a\nENV abc=hello\nENV abc=bye def=$abc\nENV ghi=$abc\nRUN x\n");
  const Variables v = variables_before(df, 4);
  EXPECT_EQ(v.find("def"), "hello");
  EXPECT_EQ(v.find("ghi"), "bye");
}

TEST(DockerfileScope, EnvIsInheritedFromTheBaseStage) {
  const Dockerfile df = parse("FROM a AS base\nENV P=/opt\nARG Q=1\nFROM base\nRUN x\n");
  const Variables v = variables_before(df, 4);
  EXPECT_EQ(v.find("P"), "/opt");
  EXPECT_FALSE(v.find("Q").has_value());
}

// --- hostile input ---------------------------------------------------------------------------------------

TEST(DockerfileRobustness, NulBytesInvalidUtf8AndHugeLines) {
  std::string text = "FROM a\nRUN echo \xff\xfe";
  text += '\0';
  text += "x\n";
  text += "RUN " + std::string(2'000'000, 'a') + "\n";
  text += "ENV " + std::string(100'000, '$') + "=1\n";
  text += "FROM " + std::string(50'000, '\\') + "\n";
  const Dockerfile df = parse(text);
  ASSERT_GE(df.instructions.size(), 3u);
  EXPECT_EQ(df.instructions[1].args.size(), 9u);  // echo, blank, 2 bad bytes, NUL, x
  EXPECT_EQ(df.instructions[2].args.size(), 2'000'000u);
}

TEST(DockerfileRobustness, DeeplyNestedSubstitutionIsAnErrorNotACrash) {
  std::string base = "FROM ";
  for (int i = 0; i < 100'000; ++i) base += "${A:-";
  const Dockerfile df = parse(base + "\n");
  EXPECT_FALSE(df.errors.empty());
  std::string chars;
  for (int c = 0; c < 256; ++c) chars += static_cast<char>(c);
  for (int shift = 0; shift < 256; shift += 17) {
    std::string rotated =
        chars.substr(static_cast<std::size_t>(shift)) + chars.substr(0, static_cast<std::size_t>(shift));
    (void)parse("FROM a\nRUN <<E " + rotated + "\nCOPY [" + rotated + "\n");
  }
}

}  // namespace
}  // namespace bulwark::dockerfile
