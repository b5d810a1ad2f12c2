#include "cli/scan_command.h"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "cli/baseline.h"
#include "cli/config_file.h"
#include "cli/exit_code.h"
#include "cli/malloc_tuning.h"
#include "cli/manifest_rendering.h"
#include "cli/progress_bar.h"
#include "cli/version.h"
#include "engine/input.h"
#include "engine/retired_threads.h"
#include "engine/scanner.h"
#include "image/oci_documents.h"
#include "report/report_format.h"

namespace bulwark::cli {
namespace {

#ifndef BULWARK_DOCS_URL
#define BULWARK_DOCS_URL ""
#endif

struct ScanFlags {
  std::vector<std::string> paths;
  std::vector<std::string> formats;
  std::string output;
  std::string severity_threshold;
  std::string pss_level;
  std::string pss_version;
  std::vector<std::string> rules;
  std::vector<std::string> skip;
  std::vector<std::string> policies;
  std::string policy_user;
  std::vector<std::string> policy_groups;
  std::string config;
  bool no_config = false;
  std::string baseline;
  std::string write_baseline;
  unsigned jobs = 0;
  bool quiet = false;
  bool no_color = false;
  bool no_render = false;
  std::string platform;
};

/// One report to write: a format and where (empty: standard output).
struct OutputTarget {
  report::ReportFormat format = report::ReportFormat::Text;
  std::string file;
};

bool no_color_env() {
  // no-color.org: set and not empty.
  const char* v = std::getenv("NO_COLOR");
  return v && *v;
}

int usage_error(const std::string& message) {
  std::fprintf(stderr, "bulwark: %s\n", message.c_str());
  return kUsageOrLoadError;
}

std::expected<std::vector<OutputTarget>, std::string> output_targets(const ScanFlags& flags) {
  std::vector<OutputTarget> out;
  int to_default = 0;
  for (const std::string& spec : flags.formats) {
    const auto eq = spec.find('=');
    const std::string name = spec.substr(0, eq);
    const auto format = report::parse_report_format(name);
    if (!format)
      return std::unexpected("--format " + spec + ": unknown format (" +
                             std::string(report::report_format_names()) + ")");
    if (eq != std::string::npos) {
      if (eq + 1 == spec.size()) return std::unexpected("--format " + spec + ": missing file name after '='");
      out.push_back(OutputTarget{*format, spec.substr(eq + 1)});
    } else {
      ++to_default;
      out.push_back(OutputTarget{*format, flags.output});
    }
  }
  if (to_default > 1)
    return std::unexpected("only one --format without =FILE can go to " +
                           (flags.output.empty() ? std::string("standard output") : flags.output));
  // Reports written to files still leave the text report on the terminal (or in --output).
  if (to_default == 0) out.insert(out.begin(), OutputTarget{report::ReportFormat::Text, flags.output});
  return out;
}

// Writes a file through a sink; false when it cannot be opened, written or closed (the last
// piece may still sit in the stream's buffer: closing is the last write that can fail).
template <typename Write>
bool write_file_with(const std::string& path, Write write) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "wb"), &std::fclose);
  if (!file) return false;
  report::FileSink sink(file.get());
  write(sink);
  return sink.ok() && std::fclose(file.release()) == 0;
}

std::vector<uint64_t> input_sizes(const std::vector<engine::Input>& inputs) {
  std::vector<uint64_t> sizes;
  for (const auto& i : inputs) {
    struct stat st {};
    sizes.push_back(
        ::stat(i.path.c_str(), &st) == 0 && S_ISREG(st.st_mode) ? static_cast<uint64_t>(st.st_size) : 0);
  }
  return sizes;
}

int run_scan(const ScanFlags& flags) {
  tune_malloc_for_one_shot_run();
  const auto started = std::chrono::system_clock::now();
  const std::vector<std::string> paths = flags.paths.empty() ? std::vector<std::string>{"."} : flags.paths;

  // Configuration: explicit --config, else the nearest .bulwark.yaml above the first path.
  std::optional<Config> config;
  const std::string config_path = !flags.config.empty() ? flags.config
                                  : flags.no_config     ? std::string()
                                                        : find_config(paths.front());
  if (!config_path.empty()) {
    auto loaded = load_config(config_path);
    if (!loaded) return usage_error(loaded.error());
    config = std::move(*loaded);
  }
  auto pick = [&](const std::string& flag, const std::optional<std::string>& configured,
                  const char* fallback) {
    return !flag.empty() ? flag : configured ? *configured : std::string(fallback);
  };
  const std::string level_name =
      pick(flags.pss_level, config ? config->pss_level : std::nullopt, "restricted");
  const std::string version_name =
      pick(flags.pss_version, config ? config->pss_version : std::nullopt, "latest");
  const std::string threshold_name =
      pick(flags.severity_threshold, config ? config->severity_threshold : std::nullopt, "low");

  engine::ScanOptions options;
  const auto level = rules::parse_pss_level(level_name);
  const auto version = rules::parse_pss_version(version_name);
  const auto threshold = rules::parse_severity(threshold_name);
  if (!level) return usage_error("--pss-level must be privileged, baseline or restricted");
  if (!version) return usage_error("--pss-version must be latest or v1.N (e.g. v1.30)");
  if (!threshold) return usage_error("--severity-threshold must be info, low, medium, high or critical");
  const auto targets = output_targets(flags);
  if (!targets) return usage_error(targets.error());

  options.pss_level = *level;
  options.pss_version = *version;
  options.jobs = flags.jobs;
  if (config) apply_config(*config, options);
  for (const auto& r : flags.rules) options.rules.only.push_back(r);
  for (const auto& s : flags.skip) options.rules.skip.push_back(s);
  options.policy_paths = flags.policies;
  options.policy_user = flags.policy_user;
  options.policy_groups = flags.policy_groups;
  if (!flags.platform.empty()) {
    if (auto p = image::parse_platform(flags.platform); !p)
      return usage_error("--platform " + flags.platform + ": " + p.error().message);
    options.image_platform = flags.platform;
  }
  options.collect_sboms = std::any_of(targets->begin(), targets->end(), [](const OutputTarget& t) {
    return t.format == report::ReportFormat::CycloneDx;
  });

  std::optional<Baseline> baseline;
  if (!flags.baseline.empty()) {
    auto b = read_baseline(flags.baseline);
    if (!b) return usage_error(b.error());
    baseline = std::move(*b);
  }

  engine::InputList inputs = engine::discover_inputs(paths);
  for (const auto& e : inputs.errors)
    std::fprintf(stderr, "bulwark: %s: %s\n", e.path.c_str(), e.message.c_str());
  if (!inputs.errors.empty() && inputs.inputs.empty()) return kUsageOrLoadError;

  RenderPlan plan;
  if (!flags.no_render) {
    plan = render(find_render_roots(paths));
    drop_rendered_inputs(plan, paths, inputs.inputs);
  }
  auto rendered = RenderedFiles::write(plan.streams);
  if (!rendered) return usage_error(rendered.error());
  for (const auto& i : rendered->inputs()) inputs.inputs.push_back(i);

  engine::ScanResult result;
  {
    // Sizes only for a bar that is drawn: a stat per input is a tenth of a small scan's system time.
    const bool show_progress = !flags.quiet && ProgressBar::wanted_on_stderr();
    ProgressBar progress(show_progress ? input_sizes(inputs.inputs) : std::vector<uint64_t>{}, show_progress);
    result = engine::scan(inputs.inputs, options);
  }
  rendered->rename_in(result);
  for (auto& e : plan.errors) result.load_errors.push_back(std::move(e));
  for (auto& n : plan.notices) result.notices.push_back(std::move(n));

  if (!flags.write_baseline.empty()) {
    if (!write_file_with(flags.write_baseline,
                         [&](report::ReportSink& sink) { sink.write(render_baseline(result, kVersion)); }))
      return usage_error("cannot write " + flags.write_baseline);
    std::fprintf(stderr, "bulwark: wrote %zu finding%s to %s\n", result.findings.size(),
                 result.findings.size() == 1 ? "" : "s", flags.write_baseline.c_str());
  }
  if (baseline) apply_baseline(*baseline, result);
  // A CycloneDX document describes one thing; an SBOM silently left out would be worse than none.
  if (options.collect_sboms && result.sboms.size() != 1 && result.load_errors.empty())
    return usage_error(
        result.sboms.empty()
            ? std::string("--format cyclonedx: no image in this scan (give a docker-save or OCI "
                          "archive, or an OCI layout folder)")
            : "--format cyclonedx describes one image; this scan read " +
                  std::to_string(result.sboms.size()) + ": scan them one at a time");

  report::ReportContext context;
  context.tool_version = kVersion;
  context.docs_base_url = BULWARK_DOCS_URL;
  context.explain = !flags.quiet;
  context.timestamp = std::chrono::duration_cast<std::chrono::seconds>(started.time_since_epoch()).count();
  int code = kClean;
  for (const OutputTarget& t : *targets) {
    context.color = t.file.empty() && !flags.no_color && !no_color_env() && isatty(STDOUT_FILENO);
    // Written as rendered: a JSON, SARIF or text report of thousands of findings is never whole
    // in memory.
    if (t.file.empty()) {
      report::FileSink sink(stdout);
      report::write_report(t.format, result, context, sink);
    } else if (!write_file_with(t.file, [&](report::ReportSink& sink) {
                 report::write_report(t.format, result, context, sink);
               })) {
      std::fprintf(stderr, "bulwark: cannot write %s\n", t.file.c_str());
      code = kUsageOrLoadError;
    }
  }
  std::fflush(stdout);
  engine::join_retired_threads();  // the scan's helpers, long finished by now
  if (code != kClean) return code;
  if (!result.load_errors.empty() || !inputs.errors.empty()) return kUsageOrLoadError;
  for (const auto& f : result.findings)
    if (f.severity >= *threshold) return kFindings;
  return kClean;
}

// The flags of `bulwark scan`, shared with `bulwark image scan`.
void add_scan_flags(CLI::App* scan, const std::shared_ptr<ScanFlags>& flags, int& exit_code) {
  scan->add_option("paths", flags->paths, "Files, folders, or - for standard input (default: .)");
  scan->add_option(
          "-f,--format", flags->formats,
          "Report format: text, json, sarif, junit, policyreport, github, markdown, or cyclonedx (the SBOM "
          "of the one image scanned); FORMAT=FILE writes that report to FILE (repeatable)")
      ->type_name("FORMAT[=FILE]")
      ->expected(1)
      ->allow_extra_args(false)
      ->take_all();
  scan->add_option("-o,--output", flags->output, "Write the report to FILE instead of standard output");
  scan->add_option("--severity-threshold", flags->severity_threshold,
                   "Lowest severity that fails the run: info, low, medium, high, critical (default: low)");
  scan->add_option("--pss-level", flags->pss_level,
                   "Pod Security Standards level: privileged, baseline, restricted (default: restricted)");
  scan->add_option("--pss-version", flags->pss_version,
                   "Pod Security Standards version: v1.N or latest (default)");
  scan->add_option("--rules", flags->rules, "Run only these rule ids or families (comma-separated)")
      ->delimiter(',')
      ->expected(1)
      ->allow_extra_args(false)
      ->take_all();
  scan->add_option("--skip", flags->skip, "Skip these rule ids or families (comma-separated)")
      ->delimiter(',')
      ->expected(1)
      ->allow_extra_args(false)
      ->take_all();
  // One value per occurrence, so that `--policy DIR manifests/` leaves the paths to scan alone.
  scan->add_option(
          "--policy", flags->policies,
          "ValidatingAdmissionPolicy files or folders (policies, bindings and params) to enforce as rules")
      ->expected(1)
      ->allow_extra_args(false)
      ->take_all();
  scan->add_option("--policy-user", flags->policy_user,
                   "User --policy requests are made as (request.userInfo, authorizer checks against the "
                   "scanned RBAC; default: bulwark)");
  scan->add_option("--policy-group", flags->policy_groups,
                   "Group of --policy-user (repeatable; default: system:authenticated)")
      ->expected(1)
      ->allow_extra_args(false)
      ->take_all();
  scan->add_option("--config", flags->config, "Read this configuration instead of the nearest .bulwark.yaml");
  scan->add_flag("--no-config", flags->no_config, "Ignore .bulwark.yaml files");
  scan->add_option("--baseline", flags->baseline, "Do not report findings recorded in this baseline file");
  scan->add_option("--write-baseline", flags->write_baseline,
                   "Record the current findings as a baseline file");
  scan->add_option("-j,--jobs", flags->jobs, "Files scanned in parallel (default: one per core)");
  scan->add_flag("-q,--quiet", flags->quiet, "Findings only: no why/fix lines, no progress bar");
  scan->add_flag("--no-color", flags->no_color,
                 "No colours (also: NO_COLOR=1; colours are only used on a terminal)");
  scan->add_flag("--no-render", flags->no_render,
                 "Read kustomizations and Helm charts as plain files instead of rendering them");
  scan->add_option(
      "--platform", flags->platform,
      "Images: the entry of a multi-platform index to read, os/arch[/variant] (default: linux/amd64)");
  scan->callback([flags, &exit_code] { exit_code = run_scan(*flags); });
}

}  // namespace

void add_scan_command(CLI::App& app, int& exit_code) {
  CLI::App* scan =
      app.add_subcommand("scan", "Scan Kubernetes manifests (YAML/JSON), Dockerfiles and image archives");
  scan->footer(
      "Examples:\n"
      "  bulwark scan k8s/                                   scan a folder recursively\n"
      "  kubectl kustomize overlays/prod | bulwark scan -    scan a stream\n"
      "  bulwark scan overlays/prod                          a kustomization is rendered with kubectl\n"
      "  bulwark scan --pss-level baseline --severity-threshold high deploy.yaml\n"
      "  bulwark scan --format json -o report.json .\n"
      "  bulwark scan --format sarif=bulwark.sarif --format junit=bulwark.xml .   several reports, text on "
      "stdout\n"
      "  bulwark scan --format github .                      annotations in GitHub Actions\n"
      "  bulwark scan --write-baseline .bulwark-baseline.json .   accept today's findings ...\n"
      "  bulwark scan --baseline .bulwark-baseline.json .         ... and fail only on new ones\n\n"
      "Configuration: the nearest .bulwark.yaml at or above the first path (see docs/configuration.md).\n"
      "Exit codes: 0 clean, 1 findings at or above --severity-threshold, 2 usage or load error.");
  add_scan_flags(scan, std::make_shared<ScanFlags>(), exit_code);
}

void add_image_command(CLI::App& app, int& exit_code) {
  CLI::App* image =
      app.add_subcommand("image", "Container images: `bulwark image scan` reads image archives");
  image->require_subcommand(1);
  CLI::App* image_scan = image->add_subcommand(
      "scan",
      "Scan image archives (docker save, OCI archive) and OCI layout folders; same flags as `bulwark scan`");
  image_scan->footer(
      "Examples:\n"
      "  docker save app:1.0 -o app.tar && bulwark image scan app.tar\n"
      "  bulwark image scan --platform linux/arm64 oci-layout/      pick one entry of a multi-platform "
      "index\n"
      "  bulwark image scan --format cyclonedx=sbom.json app.tar    the OS packages as a CycloneDX SBOM\n\n"
      "Exit codes: 0 clean, 1 findings at or above --severity-threshold, 2 usage or load error.");
  add_scan_flags(image_scan, std::make_shared<ScanFlags>(), exit_code);
}

}  // namespace bulwark::cli
