#pragma once

#include <CLI/CLI.hpp>

namespace bulwark::cli {

/// Registers `bulwark explain <rule-id>` and `bulwark rules`.
void add_catalog_commands(CLI::App& app, int& exit_code);

}  // namespace bulwark::cli
