// End-to-end: the real binary, its exit codes and outputs, as CI and a developer see them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "command_run.h"

namespace {

namespace fs = std::filesystem;

using bulwark::testing::CommandRun;

// Runs `[ENV] bulwark ARGS` through the shell (so tests can pipe), capturing both output streams.
CommandRun bulwark(const std::string& args, const std::string& stdin_file = "", const std::string& env = "") {
  std::string cmd = (env.empty() ? "" : env + " ") + std::string(BULWARK_BIN) + " " + args + " 2>&1";
  if (!stdin_file.empty()) cmd += " < " + stdin_file;
  return bulwark::testing::run_command(cmd);
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

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(Cli, SeveralFormatsInOneRun) {
  TempDir dir;
  const std::string sarif = dir.path() + "/out.sarif", junit = dir.path() + "/out.xml";
  const CommandRun r =
      bulwark("scan --format sarif=" + sarif + " --format junit=" + junit + " --format json examples");
  EXPECT_EQ(r.exit_code, 1);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(r.out).get(doc), simdjson::SUCCESS) << "json on stdout: " << r.out.substr(0, 300);
  simdjson::dom::element log;
  simdjson::dom::parser sarif_parser;
  ASSERT_EQ(sarif_parser.load(sarif).get(log), simdjson::SUCCESS);
  EXPECT_EQ(std::string_view(log["version"]), "2.1.0");
  EXPECT_EQ(simdjson::dom::array(log["runs"].at(0)["results"]).size(),
            simdjson::dom::array(doc["findings"]).size());
  EXPECT_THAT(read_file(junit), ::testing::StartsWith("<?xml"));
  // Only files requested: the text report still goes to standard output.
  const CommandRun text = bulwark("scan --no-color --format sarif=" + sarif + " examples");
  EXPECT_THAT(text.out, ::testing::HasSubstr("BW-duplicate-key"));
  EXPECT_EQ(bulwark("scan --format json --format sarif examples").exit_code, 2) << "two reports on stdout";
  EXPECT_EQ(bulwark("scan --format yaml examples").exit_code, 2);
}

TEST(Cli, OutputFileTakesTheReport) {
  TempDir dir;
  const std::string out = dir.path() + "/report.md";
  const CommandRun r = bulwark("scan --format markdown -o " + out + " examples");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(read_file(out), ::testing::HasSubstr("| severity | rule | location | object | message |"));
}

// The run's own duration is the one field that differs between two runs.
std::string without_seconds(std::string json) {
  const auto at = json.rfind("\"seconds\":");
  if (at != std::string::npos) json.erase(at, json.find('}', at) - at);
  return json;
}

// A JSON report is written to its file or to standard output as it is rendered, in chunks of
// findings: every destination gets the same complete document (here with thousands of findings
// when the Dockerfile corpus is there, hence many chunks).
TEST(Cli, JsonReportIsTheSameInAFileAndOnStandardOutput) {
  const std::string inputs =
      fs::exists("../shared/corpus/dockerfiles") ? "examples ../shared/corpus/dockerfiles" : "examples";
  TempDir dir;
  const std::string out = dir.path() + "/out.json", named = dir.path() + "/named.json";
  const CommandRun on_stdout = bulwark("scan --no-config -q --format json " + inputs);
  EXPECT_EQ(bulwark("scan --no-config -q --format json -o " + out + " " + inputs).out, "");
  EXPECT_EQ(bulwark("scan --no-config -q --no-color --format json=" + named + " " + inputs).exit_code, 1);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(on_stdout.out).get(doc), simdjson::SUCCESS) << on_stdout.out.substr(0, 300);
  EXPECT_EQ(simdjson::dom::array(doc["findings"]).size(), std::uint64_t(doc["summary"]["findings"]));
  EXPECT_EQ(without_seconds(read_file(out)), without_seconds(on_stdout.out));
  EXPECT_EQ(without_seconds(read_file(named)), without_seconds(on_stdout.out));
}

// A report that cannot be written whole is an error, even one small enough to sit in the
// stream's buffer until the file is closed.
TEST(Cli, ReportOnAFullDeviceIsAnError) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full here";
  TempDir dir;
  const std::string clean =
      dir.write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: a\n");
  EXPECT_EQ(bulwark("scan --no-config --format json " + clean).exit_code, 0);
  const CommandRun r = bulwark("scan --no-config --format json -o /dev/full " + clean);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_THAT(r.out, ::testing::HasSubstr("cannot write /dev/full"));
}

TEST(Cli, GithubAndPolicyReportFormats) {
  const CommandRun gh = bulwark("scan --format github examples");
  EXPECT_THAT(gh.out, ::testing::HasSubstr("::error file=examples/deployment.yaml,line=31,col=13"));
  const CommandRun pr = bulwark("scan --format policyreport examples");
  EXPECT_THAT(pr.out, ::testing::HasSubstr("apiVersion: wgpolicyk8s.io/v1alpha2"));
  EXPECT_THAT(pr.out, ::testing::HasSubstr("kind: PolicyReport"));
}

const char* kPrivilegedPod =
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  containers:\n"
    "  - name: web\n    image: "
    "nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000\n"
    "    securityContext:\n      privileged: true\n";

TEST(Cli, ConfigFileFoundUpwardShapesTheScan) {
  TempDir dir;
  fs::create_directories(dir.path() + "/apps/shop");
  fs::create_directories(dir.path() + "/generated");
  dir.write("apps/shop/pod.yaml", kPrivilegedPod);
  dir.write("generated/pod.yaml", kPrivilegedPod);
  const CommandRun before = bulwark("scan --no-color -q " + dir.path());
  EXPECT_THAT(before.out, ::testing::HasSubstr("critical PSS-privileged"));
  EXPECT_THAT(before.out, ::testing::HasSubstr("generated/pod.yaml"));

  dir.write(".bulwark.yaml",
            "# team settings\nrules:\n  severity:\n    PSS-privileged: low\n  disable: "
            "[BW-workload-image-latest-tag]\n"
            "exclude:\n  - generated/*\n");
  const CommandRun after = bulwark("scan --no-color -q " + dir.path() + "/apps/shop");
  EXPECT_THAT(after.out, ::testing::HasSubstr("low PSS-privileged"));
  EXPECT_THAT(bulwark("scan --no-color -q " + dir.path()).out,
              ::testing::Not(::testing::HasSubstr("generated/pod.yaml")));
  EXPECT_THAT(bulwark("scan --no-color -q --no-config " + dir.path() + "/apps/shop").out,
              ::testing::HasSubstr("critical PSS-privileged"));

  dir.write(".bulwark.yaml",
            "exemptions:\n  - kind: Pod\n    namespace: shop\n    name: web\n    rules: [PSS-privileged]\n"
            "    reason: needs the host's devices\n");
  const CommandRun exempt = bulwark("scan --no-color -q " + dir.path() + "/apps");
  EXPECT_THAT(exempt.out, ::testing::Not(::testing::HasSubstr("PSS-privileged")));
  EXPECT_THAT(exempt.out, ::testing::Not(::testing::HasSubstr(" 0 suppressed")));
}

TEST(Cli, ConfigErrorsPointAtTheLine) {
  TempDir dir;
  const std::string config = dir.write("custom.yaml", "rules:\n  severity:\n    PSS-privileged: severe\n");
  dir.write("pod.yaml", kPrivilegedPod);
  const CommandRun r = bulwark("scan --config " + config + " " + dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.out, ::testing::HasSubstr(config + ":3:21: severity must be"));
  dir.write("custom.yaml", "rulez: {}\n");
  EXPECT_THAT(bulwark("scan --config " + config + " " + dir.path()).out,
              ::testing::HasSubstr(config + ":1:1: unknown key \"rulez\""));
  dir.write("custom.yaml", "exemptions:\n  - kind: Pod\n");
  EXPECT_THAT(bulwark("scan --config " + config + " " + dir.path()).out,
              ::testing::HasSubstr("needs a `reason`"));
}

TEST(Cli, BaselineSuppressesKnownFindingsEvenWhenLinesMove) {
  TempDir dir;
  dir.write("pod.yaml", kPrivilegedPod);
  const std::string baseline = dir.path() + "/baseline.json";
  const CommandRun first =
      bulwark("scan --no-color -q --no-config --write-baseline " + baseline + " " + dir.path() + "/pod.yaml");
  EXPECT_EQ(first.exit_code, 1);
  const CommandRun again =
      bulwark("scan --no-color -q --no-config --baseline " + baseline + " " + dir.path() + "/pod.yaml");
  EXPECT_EQ(again.exit_code, 0) << again.out;
  EXPECT_THAT(again.out, ::testing::HasSubstr("no findings"));
  // Lines inserted above: still the same findings. A new problem: reported.
  dir.write("pod.yaml", std::string("# owned by the shop team\n\n") + kPrivilegedPod +
                            "    ports:\n    - hostPort: 80\n"
                            "      containerPort: 80\n");
  const CommandRun moved =
      bulwark("scan --no-color -q --no-config --baseline " + baseline + " " + dir.path() + "/pod.yaml");
  EXPECT_EQ(moved.exit_code, 1);
  EXPECT_THAT(moved.out, ::testing::Not(::testing::HasSubstr("PSS-privileged")));
  EXPECT_THAT(moved.out, ::testing::HasSubstr("hostPort"));
  dir.write("bad.json", "{\"findings\":3}");
  EXPECT_EQ(bulwark("scan --baseline " + dir.path() + "/bad.json " + dir.path() + "/pod.yaml").exit_code, 2);
}

TEST(Cli, QuietDropsExplanations) {
  const CommandRun r = bulwark("scan --no-color -q examples");
  EXPECT_THAT(r.out, ::testing::HasSubstr("BW-duplicate-key"));
  EXPECT_THAT(r.out, ::testing::Not(::testing::HasSubstr("why:")));
}

// `script` gives the binary a terminal, the way a developer runs it.
TEST(Cli, ColourOnlyOnATerminalAndNeverWithNoColor) {
  if (std::system("command -v script >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "util-linux script not installed";
  const std::string bin = BULWARK_BIN;
  auto on_tty = [&](const std::string& env) {
    CommandRun r;
    const std::string cmd = env + " script -qec '" + bin + " scan examples' /dev/null";
    FILE* pipe = popen(cmd.c_str(), "r");
    std::array<char, 4096> buf;
    while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) r.out.append(buf.data(), n);
    pclose(pipe);
    return r.out;
  };
  EXPECT_NE(on_tty("").find("\x1b["), std::string::npos) << "colour on a terminal";
  EXPECT_EQ(on_tty("NO_COLOR=1").find("\x1b["), std::string::npos) << "NO_COLOR";
  EXPECT_EQ(bulwark("scan examples").out.find("\x1b["), std::string::npos) << "pipe";
}

TEST(Cli, KustomizationIsRenderedWithKubectl) {
  if (std::system("command -v kubectl >/dev/null 2>&1") != 0) GTEST_SKIP() << "kubectl not on PATH";
  TempDir dir;
  fs::create_directories(dir.path() + "/overlay");
  dir.write("overlay/kustomization.yaml", "namePrefix: prod-\nnamespace: shop\nresources:\n- pod.yaml\n");
  dir.write("overlay/pod.yaml", kPrivilegedPod);
  const std::string overlay = dir.path() + "/overlay";
  const CommandRun r = bulwark("scan --no-color -q --no-config " + dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  // Positions point into the rendered stream; the name says which kustomization produced it.
  EXPECT_THAT(r.out, ::testing::HasSubstr(overlay + "@kustomize:"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("Pod shop/prod-web"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("rendered with `kubectl kustomize " + overlay + "`"));
  EXPECT_THAT(r.out, ::testing::Not(::testing::HasSubstr("overlay/pod.yaml")));
  // The line reported is the line of `privileged: true` in kubectl's output.
  const CommandRun json = bulwark("scan --no-config --format json --rules PSS-privileged " + dir.path());
  FILE* pipe = popen(("kubectl kustomize " + overlay).c_str(), "r");
  std::string rendered;
  std::array<char, 4096> buf;
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) rendered.append(buf.data(), n);
  pclose(pipe);
  int line = 1, privileged_line = 0;
  for (std::size_t i = 0, start = 0; i <= rendered.size(); ++i)
    if (i == rendered.size() || rendered[i] == '\n') {
      if (rendered.substr(start, i - start).find("privileged: true") != std::string::npos)
        privileged_line = line;
      ++line;
      start = i + 1;
    }
  ASSERT_GT(privileged_line, 0);
  EXPECT_THAT(json.out, ::testing::HasSubstr("\"startLine\":" + std::to_string(privileged_line) + ","));

  const CommandRun plain = bulwark("scan --no-color -q --no-config --no-render " + dir.path());
  EXPECT_THAT(plain.out, ::testing::HasSubstr("overlay/pod.yaml"));
  EXPECT_THAT(plain.out, ::testing::HasSubstr("Pod shop/web"));

  dir.write("overlay/kustomization.yaml", "resources:\n- missing.yaml\n");
  const CommandRun broken = bulwark("scan --no-color -q --no-config " + dir.path());
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_THAT(broken.out, ::testing::HasSubstr("`kubectl kustomize " + overlay + "` failed"));
}

TEST(Cli, HelmChartWithoutHelmIsReportedOnce) {
  TempDir dir;
  fs::create_directories(dir.path() + "/chart/templates");
  dir.write("chart/Chart.yaml", "apiVersion: v2\nname: shop\nversion: 0.1.0\n");
  dir.write("chart/values.yaml", "replicas: 1\n");
  dir.write("chart/templates/a.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n");
  dir.write("chart/templates/b.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}-b\n");
  const CommandRun r = bulwark("scan --no-color --no-config " + dir.path(), "", "PATH=/nonexistent");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  const auto first = r.out.find("helm template chart " + dir.path() + "/chart | bulwark scan -");
  ASSERT_NE(first, std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("helm template", first + 1), std::string::npos) << "once, not per template";
}

TEST(Cli, CompletionScripts) {
  const CommandRun b = bulwark("completion bash");
  EXPECT_EQ(b.exit_code, 0);
  EXPECT_THAT(b.out, ::testing::HasSubstr("complete -o default -F _bulwark bulwark"));
  EXPECT_THAT(b.out, ::testing::HasSubstr("--severity-threshold"));
  EXPECT_THAT(b.out, ::testing::HasSubstr("sarif junit policyreport"));
  TempDir dir;
  const std::string script = dir.write("bulwark.bash", b.out);
  // The script parses, and completes `bulwark sc` to `scan`.
  EXPECT_EQ(std::system(("bash -n " + script).c_str()), 0);
  const std::string probe = "bash -c 'source " + script +
                            "; COMP_WORDS=(bulwark sc); COMP_CWORD=1; _bulwark; echo \"${COMPREPLY[*]}\"'";
  FILE* pipe = popen(probe.c_str(), "r");
  std::array<char, 256> buf{};
  const std::size_t n = std::fread(buf.data(), 1, buf.size() - 1, pipe);
  pclose(pipe);
  EXPECT_EQ(std::string(buf.data(), n), "scan\n");
  EXPECT_THAT(bulwark("completion zsh").out, ::testing::HasSubstr("#compdef bulwark"));
  EXPECT_THAT(bulwark("completion fish").out, ::testing::HasSubstr("complete -c bulwark"));
  EXPECT_EQ(bulwark("completion powershell").exit_code, 2);
}

TEST(Cli, HelpHasExamplesEverywhere) {
  for (const char* cmd :
       {"--help", "scan --help", "explain --help", "rules --help", "completion --help", "version --help"}) {
    const CommandRun r = bulwark(cmd);
    EXPECT_EQ(r.exit_code, 0) << cmd;
    EXPECT_THAT(r.out, ::testing::HasSubstr("Example")) << cmd;
  }
}

TEST(Cli, HelpAndCompletionKnowEveryCommand) {
  // A run naming its command builds that command only; help, completion and mistakes see all.
  const std::string help = bulwark("--help").out;
  const std::string script = bulwark("completion bash").out;
  const std::string mistake = bulwark("scna 2>&1").out;
  for (const char* command :
       {"scan", "image", "fix", "netpol", "explain", "rules", "serve", "policy", "completion", "version"}) {
    EXPECT_THAT(help, ::testing::HasSubstr(std::string("  ") + command + " ")) << command;
    EXPECT_THAT(script, ::testing::HasSubstr(command)) << command;
    EXPECT_EQ(bulwark(std::string(command) + " --help").exit_code, 0) << command;
  }
  EXPECT_EQ(bulwark("scna").exit_code, 2);
  EXPECT_THAT(mistake, ::testing::HasSubstr("A subcommand is required"));
}

TEST(Cli, ServeRunsTheWebhookExecutableBesideBulwark) {
  // `bulwark serve` checks its flags, then becomes bulwark-serve from bulwark's own folder: a
  // bulwark copied alone answers --help and flag mistakes, and says what is missing otherwise.
  TempDir dir;
  const std::string lone = dir.path() + "/bulwark";
  fs::copy_file(BULWARK_BIN, lone);
  const std::string cert = dir.write("tls.crt", "not read here\n");
  const std::string key = dir.write("tls.key", "not read here\n");
  const CommandRun help = bulwark::testing::run_command(lone + " serve --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, ::testing::HasSubstr("--tls-cert"));
  EXPECT_EQ(
      bulwark::testing::run_command(lone + " serve --tls-cert " + dir.path() + "/missing --tls-key " + key)
          .exit_code,
      2);
  const CommandRun alone =
      bulwark::testing::run_command(lone + " serve --tls-cert " + cert + " --tls-key " + key + " 2>&1");
  EXPECT_EQ(alone.exit_code, 2);
  EXPECT_THAT(alone.out, ::testing::HasSubstr(dir.path() + "/bulwark-serve"));
  // Beside the real one, the same command line reaches the webhook, which reads the files.
  const CommandRun beside = bulwark("serve --tls-cert " + cert + " --tls-key " + key + " 2>&1");
  EXPECT_EQ(beside.exit_code, 2);
  EXPECT_THAT(beside.out, ::testing::Not(::testing::HasSubstr("cannot run")));
  EXPECT_THAT(beside.out, ::testing::HasSubstr("bulwark serve:"));
}

TEST(Cli, RulesAsMarkdownAndExplainAsPage) {
  const CommandRun md = bulwark("rules --format markdown");
  EXPECT_THAT(md.out, ::testing::StartsWith("| Rule | Severity | Family | Title |"));
  const CommandRun page = bulwark("explain --format markdown BW-duplicate-key");
  EXPECT_THAT(page.out, ::testing::StartsWith("# BW-duplicate-key: "));
}

}  // namespace

namespace {

TEST(Cli, NamespaceLabelsSetThePodSecurityLevelAsPsaDoes) {
  TempDir dir;
  // Runs as root: allowed at baseline, denied at restricted.
  const std::string pod =
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: legacy\nspec:\n  containers:\n"
      "  - name: app\n    image: nginx\n    securityContext:\n      runAsUser: 0\n";
  dir.write("pod.yaml", pod);
  const CommandRun restricted = bulwark("scan --no-color -q --rules pod-security " + dir.path());
  EXPECT_THAT(restricted.out, ::testing::HasSubstr("PSS-runAsUser"));
  dir.write("ns.yaml",
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: legacy\n  labels:\n"
            "    pod-security.kubernetes.io/enforce: baseline\n    "
            "pod-security.kubernetes.io/enforce-version: v1.29\n");
  const CommandRun baseline = bulwark("scan --no-color -q --rules pod-security " + dir.path());
  EXPECT_EQ(baseline.out.find("PSS-runAsUser"), std::string::npos) << baseline.out;
  EXPECT_EQ(baseline.exit_code, 0) << baseline.out;
  // The flag applies to objects whose namespace carries no label.
  const CommandRun flag =
      bulwark("scan --no-color -q --rules pod-security --pss-level baseline -", dir.path() + "/pod.yaml");
  EXPECT_EQ(flag.out.find("PSS-runAsUser"), std::string::npos) << flag.out;
}

}  // namespace

namespace {

TEST(Cli, ValidatingAdmissionPoliciesRunAsRules) {
  TempDir dir;
  dir.write("small.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: small}\nspec: {replicas: 3}\n");
  dir.write("big.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: big}\nspec: {replicas: 50}\n");
  const CommandRun r = bulwark("scan --no-color -q --rules policy --policy tests/cli/policy " + dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(r.out,
              ::testing::HasSubstr("big.yaml:1:1: high demo-policy.example.com/0 ValidatingAdmissionPolicy "
                                   "'demo-policy.example.com' with binding 'demo-binding-test.example.com' "
                                   "denied request: failed expression: object.spec.replicas <= 5"));
  EXPECT_EQ(r.out.find("small.yaml:"), std::string::npos) << r.out;
}

}  // namespace
