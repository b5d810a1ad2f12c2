#pragma once

#include <CLI/CLI.hpp>

namespace bulwark::cli {

/// Registers `bulwark fix` (rewrite manifests to the secure setting) and `bulwark netpol
/// generate` (draft NetworkPolicies for review) on the app.
void add_fix_command(CLI::App& app, int& exit_code);

}  // namespace bulwark::cli
