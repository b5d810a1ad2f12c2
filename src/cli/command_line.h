#pragma once

#include <CLI/CLI.hpp>

namespace bulwark::cli {

/// Parses the command line into `app`, which runs the command named; returns the process's exit
/// code: `exit_code` as the command set it, or CLI11's own answer (help, a mistake) as 0 or 2.
int run_command_line(CLI::App& app, int argc, char** argv, const int& exit_code);

}  // namespace bulwark::cli
