#pragma once

#include <CLI/CLI.hpp>

namespace bulwark::cli {

/// Registers `bulwark serve`, the HTTPS admission webhook; exit_code is set when it stops.
void add_serve_command(CLI::App& app, int& exit_code);

}  // namespace bulwark::cli
