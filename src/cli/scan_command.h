#pragma once

#include <CLI/CLI.hpp>

namespace bulwark::cli {

/// Registers `bulwark scan` on the app; the returned callback result is the exit code.
void add_scan_command(CLI::App& app, int& exit_code);
/// Registers `bulwark image scan`, the same scan with the same flags, named for images.
void add_image_command(CLI::App& app, int& exit_code);

}  // namespace bulwark::cli
