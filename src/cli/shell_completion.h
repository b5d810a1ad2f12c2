#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>

namespace bulwark::cli {

/// Registers `bulwark completion bash|zsh|fish`, which prints a completion script generated
/// from the app's own commands and flags (so it never falls behind them), with the values of
/// enumerated flags and the catalog's rule ids for `explain`.
void add_completion_command(CLI::App& app, int& exit_code);

/// The script for one shell ("bash", "zsh" or "fish"); "" for another name.
std::string completion_script(const CLI::App& app, std::string_view shell);

}  // namespace bulwark::cli
