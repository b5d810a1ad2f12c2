#pragma once

#include <optional>
#include <string>
#include <vector>

#include "doc/load_error.h"

namespace bulwark::policy {

/// The outcome of one (policy, resource) pair: the policy applied and every validation held
/// (pass), some validation failed — under any validation action (fail), or the policy did not
/// apply to the resource at all (skip: not matched, or a match condition was false).
enum class TestOutcome { Pass, Fail, Skip };

std::string_view to_string(TestOutcome outcome);

/// One checked expectation of a test file: one resource under one `results` entry.
struct TestCaseResult {
  std::string test_file;
  std::string policy;
  std::string binding;   // empty: every binding of the policy
  int validation = -1;   // -1: every validation
  std::string resource;  // "Kind namespace/name"
  TestOutcome expected = TestOutcome::Pass;
  TestOutcome actual = TestOutcome::Pass;
  std::optional<std::string> expected_message;
  /// The validation messages of the failures this expectation looked at.
  std::vector<std::string> messages;
  bool ok = false;
};

/// Everything a run found: results in file order, and the problems that kept tests from running
/// (unreadable files, policies that do not compile, malformed test files), each at file:line:col.
struct TestRun {
  std::vector<std::string> test_files;
  std::vector<TestCaseResult> results;
  std::vector<doc::LoadError> errors;

  bool all_passed() const;
};

/// The test files (`bulwark-test.yaml` / `bulwark-test.yml`) under `path` (a folder, searched
/// recursively in name order, or one test file).
std::vector<std::string> find_test_files(const std::string& path);

/// Runs every test file under `path` (see docs/policy-test.md for the format).
TestRun run_policy_tests(const std::string& path);

}  // namespace bulwark::policy
