#pragma once

// Runs a shell command line the way CI and a developer do, for the end-to-end CLI tests.

#include <string>

namespace bulwark::testing {

/// The exit code (-1 when the command did not exit normally) and what it wrote to standard output.
struct CommandRun {
  int exit_code = -1;
  std::string out;
};

/// Runs `command_line` through /bin/sh; redirections (`2>&1`, `< file`) are the caller's.
CommandRun run_command(const std::string& command_line);

}  // namespace bulwark::testing
