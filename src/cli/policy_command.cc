#include "cli/policy_command.h"

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/exit_code.h"
#include "policy/test_suite.h"

namespace bulwark::cli {
namespace {

std::string position_of(const doc::LoadError& e) {
  std::string out = e.file;
  if (e.position.known())
    out += ":" + std::to_string(e.position.line) + ":" + std::to_string(e.position.column);
  return out;
}

std::string policy_column(const policy::TestCaseResult& r) {
  std::string out = r.policy;
  if (!r.binding.empty()) out += " (" + r.binding + ")";
  if (r.validation >= 0) out += " #" + std::to_string(r.validation);
  return out;
}

/// The result table, columns sized to their widest cell, and why each mismatch is one.
void print_table(const policy::TestRun& run, bool verbose) {
  const std::vector<std::string> header = {"ID", "POLICY", "RESOURCE", "EXPECTED", "RESULT", "STATUS"};
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < run.results.size(); ++i) {
    const policy::TestCaseResult& r = run.results[i];
    rows.push_back({std::to_string(i + 1), policy_column(r), r.resource,
                    std::string(policy::to_string(r.expected)), std::string(policy::to_string(r.actual)),
                    r.ok ? "ok" : "MISMATCH"});
  }
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    width[c] = header[c].size();
    for (const auto& row : rows) width[c] = std::max(width[c], row[c].size());
  }
  auto print_row = [&](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) line += std::string(width[c] - row[c].size() + 2, ' ');
    }
    std::printf("%s\n", line.c_str());
  };
  print_row(header);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    print_row(rows[i]);
    const policy::TestCaseResult& r = run.results[i];
    if (r.ok && !verbose) continue;
    for (const std::string& m : r.messages) std::printf("      message: %s\n", m.c_str());
    if (!r.ok && r.expected_message && r.actual == r.expected)
      std::printf("      expected message: %s\n", r.expected_message->c_str());
  }
}

int run_tests(const std::string& dir, bool verbose) {
  const policy::TestRun run = policy::run_policy_tests(dir);
  for (const doc::LoadError& e : run.errors)
    std::fprintf(stderr, "bulwark: %s: %s\n", position_of(e).c_str(), e.message.c_str());
  if (!run.results.empty()) print_table(run, verbose);
  std::size_t passed = 0;
  for (const auto& r : run.results) passed += r.ok ? 1 : 0;
  std::printf(
      "\n%zu test file%s, %zu result%s: %zu passed, %zu failed%s\n", run.test_files.size(),
      run.test_files.size() == 1 ? "" : "s", run.results.size(), run.results.size() == 1 ? "" : "s", passed,
      run.results.size() - passed,
      run.errors.empty() ? "" : (", " + std::to_string(run.errors.size()) + " load error(s)").c_str());
  if (!run.errors.empty()) return kUsageOrLoadError;
  return passed == run.results.size() ? kClean : kFindings;
}

}  // namespace

void add_policy_command(CLI::App& app, int& exit_code) {
  CLI::App* policy = app.add_subcommand("policy", "Work with ValidatingAdmissionPolicies");
  policy->require_subcommand(1);
  CLI::App* test = policy->add_subcommand(
      "test", "Run policy tests: bulwark-test.yaml files naming policies, resources and expected results");
  auto dir = std::make_shared<std::string>();
  auto verbose = std::make_shared<bool>(false);
  test->add_option("DIR", *dir, "A folder searched recursively for bulwark-test.yaml, or one test file")
      ->required();
  test->add_flag("-v,--verbose", *verbose, "Show the validation messages of passing results too");
  test->footer(
      "Exit codes: 0 every result as expected, 1 some result differs, 2 a file could not be loaded or a "
      "policy does not compile.\n"
      "Example:\n  bulwark policy test examples/policies\nFormat: docs/policy-test.md");
  test->callback([dir, verbose, &exit_code] { exit_code = run_tests(*dir, *verbose); });
}

}  // namespace bulwark::cli
