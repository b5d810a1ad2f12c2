// End-to-end: the real binary, its exit codes and outputs, as CI and a developer see them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <simdjson.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

namespace fs = std::filesystem;

struct CommandRun {
  int exit_code = -1;
  std::string out;
};

// Runs `bulwark ARGS` through the shell (so tests can pipe), capturing standard output.
CommandRun bulwark(const std::string& args, const std::string& stdin_file = "") {
  std::string cmd = std::string(BULWARK_BIN) + " " + args + " 2>&1";
  if (!stdin_file.empty()) cmd += " < " + stdin_file;
  CommandRun r;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf;
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) r.out.append(buf.data(), n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

class TempDir {
 public:
  TempDir()
      : path_(fs::temp_directory_path() /
              ("bulwark-cli-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++))) {
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
    return (path_ / name).string();
  }
  std::string path() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

TEST(Cli, ExampleAppReportsTheHiddenDuplicateAndExitsOne) {
  const CommandRun r = bulwark("scan --no-color examples");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(r.out, ::testing::HasSubstr("examples/deployment.yaml:31:13: high BW-duplicate-key"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("why:"));
  EXPECT_EQ(r.out.find("\x1b["), std::string::npos) << "no colour when not on a terminal";
}

TEST(Cli, JsonIsValidAndIdenticalWhateverTheJobs) {
  const std::string inputs =
      fs::exists("../shared/corpus/realworld") ? "examples ../shared/corpus/realworld" : "examples";
  const CommandRun one = bulwark("scan --format json -j 1 " + inputs);
  const CommandRun two = bulwark("scan --format json -j 2 " + inputs);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(one.out).get(doc), simdjson::SUCCESS) << one.out.substr(0, 500);
  EXPECT_EQ(int64_t(doc["schemaVersion"]), 1);
  EXPECT_GT(simdjson::dom::array(doc["findings"]).size(), 0u);
  auto strip_time = [](std::string s) { return s.substr(0, s.find("\"seconds\"")); };
  EXPECT_EQ(strip_time(one.out), strip_time(two.out));
}

TEST(Cli, LoadErrorsGiveFileLineColumnAndExitTwo) {
  TempDir dir;
  const std::string bad = dir.write("bad.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n");
  dir.write("good.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n");
  const CommandRun r = bulwark("scan --no-color " + dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.out, ::testing::HasSubstr(bad + ":4:1: error tab character used for indentation"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("2 files, 1 document, 1 object"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("1 load error"));
}

TEST(Cli, StandardInputIsScannedAsAStream) {
  const CommandRun r = bulwark("scan --no-color -", "examples/deployment.yaml");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, ::testing::HasSubstr("<stdin>:31:13: high BW-duplicate-key"));
  TempDir dir;
  const std::string json =
      dir.write("in.json", R"(  {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","name":"y"}})");
  const CommandRun j = bulwark("scan --no-color --format json -", json);
  EXPECT_THAT(j.out, ::testing::HasSubstr(R"("ruleId":"BW-duplicate-key")"));
  EXPECT_THAT(j.out, ::testing::HasSubstr(R"("object":"ConfigMap y")"));
}

TEST(Cli, NonKubernetesYamlIsSkippedAndCounted) {
  TempDir dir;
  dir.write("values.yaml", "replicaCount: 2\nimage:\n  tag: latest\n");
  dir.write("workflow.yml", "on: push\njobs: {}\n");
  const CommandRun r = bulwark("scan --no-color " + dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, ::testing::HasSubstr("2 not Kubernetes, skipped"));
}

TEST(Cli, UnrenderedHelmTemplateIsExplainedOnce) {
  TempDir dir;
  dir.write("deployment.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n{{- if .Values.x "
            "}}\nspec: {}\n{{- end }}\n");
  const CommandRun r = bulwark("scan --no-color " + dir.path());
  EXPECT_THAT(r.out, ::testing::HasSubstr("unrendered Helm template"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("helm template"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("0 load errors"));
}

TEST(Cli, ThresholdDecidesTheExitCode) {
  EXPECT_EQ(bulwark("scan -q --rules manifest --severity-threshold critical examples").exit_code, 0);
  EXPECT_EQ(bulwark("scan -q --rules manifest --severity-threshold high examples").exit_code, 1);
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(bulwark("scan --pss-level strict examples").exit_code, 2);
  EXPECT_EQ(bulwark("scan --pss-version 1.30 examples").exit_code, 2);
  EXPECT_EQ(bulwark("scan no/such/path").exit_code, 2);
  EXPECT_EQ(bulwark("explain NO-SUCH-RULE").exit_code, 2);
  EXPECT_EQ(bulwark("frobnicate").exit_code, 2);
}

TEST(Cli, ExplainAndRulesComeFromTheCatalog) {
  const CommandRun e = bulwark("explain BW-duplicate-key");
  EXPECT_EQ(e.exit_code, 0);
  EXPECT_THAT(e.out, ::testing::HasSubstr("Why it matters"));
  EXPECT_THAT(e.out, ::testing::HasSubstr("How to fix"));
  const CommandRun list = bulwark("rules --format json");
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(list.out).get(doc), simdjson::SUCCESS);
  EXPECT_GT(simdjson::dom::array(doc).size(), 0u);
}

TEST(Cli, SuppressionNeedsAReason) {
  TempDir dir;
  dir.write("cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n  annotations:\n"
            "    bulwark.dev/ignore: BW-duplicate-key\n");
  const CommandRun r = bulwark("scan --no-color " + dir.path());
  EXPECT_THAT(r.out, ::testing::HasSubstr("BW-suppression-without-reason"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("BW-duplicate-key"));
  dir.write("cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n  annotations:\n"
            "    bulwark.dev/ignore: BW-duplicate-key -- generated by a legacy tool\n");
  const CommandRun ok = bulwark("scan --no-color " + dir.path());
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_THAT(ok.out, ::testing::HasSubstr("1 suppressed"));
}

}  // namespace
