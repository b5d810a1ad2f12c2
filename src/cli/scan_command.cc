#include "cli/scan_command.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "cli/exit_code.h"
#include "cli/version.h"
#include "engine/input.h"
#include "engine/scanner.h"
#include "report/json_report.h"
#include "report/text_report.h"

namespace bulwark::cli {
namespace {

struct ScanFlags {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string output;
  std::string severity_threshold = "low";
  std::string pss_level = "restricted";
  std::string pss_version = "latest";
  std::vector<std::string> rules;
  std::vector<std::string> skip;
  unsigned jobs = 0;
  bool quiet = false;
  bool no_color = false;
};

bool color_wanted(const ScanFlags& flags, bool to_terminal) {
  if (flags.no_color || std::getenv("NO_COLOR")) return false;
  return to_terminal && isatty(STDOUT_FILENO);
}

int run_scan(const ScanFlags& flags) {
  engine::ScanOptions options;
  const auto level = rules::parse_pss_level(flags.pss_level);
  const auto version = rules::parse_pss_version(flags.pss_version);
  const auto threshold = rules::parse_severity(flags.severity_threshold);
  if (!level || !version || !threshold) {
    std::fprintf(stderr, "bulwark: %s\n",
                 !level     ? "--pss-level must be privileged, baseline or restricted"
                 : !version ? "--pss-version must be latest or v1.N (e.g. v1.30)"
                            : "--severity-threshold must be info, low, medium, high or critical");
    return kUsageOrLoadError;
  }
  options.pss_level = *level;
  options.pss_version = *version;
  options.jobs = flags.jobs;
  options.rules.only = flags.rules;
  options.rules.skip = flags.skip;

  engine::InputList inputs =
      engine::discover_inputs(flags.paths.empty() ? std::vector<std::string>{"."} : flags.paths);
  for (const auto& e : inputs.errors)
    std::fprintf(stderr, "bulwark: %s: %s\n", e.path.c_str(), e.message.c_str());
  if (!inputs.errors.empty() && inputs.inputs.empty()) return kUsageOrLoadError;

  const engine::ScanResult result = engine::scan(inputs.inputs, options);

  std::string text;
  if (flags.format == "json") {
    text = report::render_json(result, kVersion);
  } else {
    report::TextReportOptions o;
    o.color = color_wanted(flags, flags.output.empty());
    o.explain = !flags.quiet;
    text = report::render_text(result, o);
  }
  if (flags.output.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
  } else {
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(flags.output.c_str(), "wb"), &std::fclose);
    if (!file || std::fwrite(text.data(), 1, text.size(), file.get()) != text.size()) {
      std::fprintf(stderr, "bulwark: cannot write %s\n", flags.output.c_str());
      return kUsageOrLoadError;
    }
  }

  if (!result.load_errors.empty() || !inputs.errors.empty()) return kUsageOrLoadError;
  for (const auto& f : result.findings)
    if (f.severity >= *threshold) return kFindings;
  return kClean;
}

}  // namespace

void add_scan_command(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<ScanFlags>();
  CLI::App* scan =
      app.add_subcommand("scan", "Scan Kubernetes manifests (YAML/JSON), Dockerfiles and image archives");
  scan->footer(
      "Examples:\n"
      "  bulwark scan k8s/                      scan a folder recursively\n"
      "  kubectl kustomize overlays/prod | bulwark scan -\n"
      "  bulwark scan --pss-level baseline --severity-threshold high deploy.yaml\n"
      "  bulwark scan --format json -o report.json .\n\n"
      "Exit codes: 0 clean, 1 findings at or above --severity-threshold, 2 usage or load error.");
  scan->add_option("paths", flags->paths, "Files, folders, or - for standard input (default: .)");
  scan->add_option("-f,--format", flags->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  scan->add_option("-o,--output", flags->output, "Write the report to a file instead of standard output");
  scan->add_option("--severity-threshold", flags->severity_threshold,
                   "Lowest severity that fails the run: info, low, medium, high, critical (default: low)");
  scan->add_option("--pss-level", flags->pss_level,
                   "Pod Security Standards level: privileged, baseline, restricted (default: restricted)");
  scan->add_option("--pss-version", flags->pss_version,
                   "Pod Security Standards version: v1.N or latest (default)");
  scan->add_option("--rules", flags->rules, "Run only these rule ids or families (comma-separated)")
      ->delimiter(',');
  scan->add_option("--skip", flags->skip, "Skip these rule ids or families (comma-separated)")
      ->delimiter(',');
  scan->add_option("-j,--jobs", flags->jobs, "Files scanned in parallel (default: one per core)");
  scan->add_flag("-q,--quiet", flags->quiet, "Findings only: no why/fix lines");
  scan->add_flag("--no-color", flags->no_color,
                 "No colours (also: NO_COLOR=1; colours are only used on a terminal)");
  scan->callback([flags, &exit_code] { exit_code = run_scan(*flags); });
}

}  // namespace bulwark::cli
