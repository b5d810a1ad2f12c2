#pragma once

#include <CLI/CLI.hpp>

namespace bulwark::cli {

/// Registers `bulwark policy test DIR`: runs the ValidatingAdmissionPolicy test files under DIR
/// and prints one row per expectation; exit 1 on a mismatch, 2 when something could not load.
void add_policy_command(CLI::App& app, int& exit_code);

}  // namespace bulwark::cli
