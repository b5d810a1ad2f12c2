#pragma once

#include <expected>
#include <string>
#include <vector>

namespace bulwark::cli {

/// What a finished child process left behind.
struct ChildOutput {
  int exit_code = -1;  // -1 when it died of a signal
  std::string out;
  std::string err;
};

/// Runs `argv[0]` (looked up on PATH) with no shell in between, capturing both output streams;
/// an error only when it could not be started.
std::expected<ChildOutput, std::string> run_child(const std::vector<std::string>& argv);

/// The full path of `program` on PATH, or "" when it is not there.
std::string find_on_path(std::string_view program);

}  // namespace bulwark::cli
