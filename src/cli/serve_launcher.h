#pragma once

#include <CLI/CLI.hpp>
#include <span>

namespace bulwark::cli {

/// `bulwark serve` for the `bulwark` executable: the same flags (checked here, so mistakes and
/// --help answer at once), then the process becomes `bulwark-serve`, installed beside `bulwark`,
/// with the same command line. The webhook lives in its own executable because it is the only
/// command that needs OpenSSL, whose start-up (relocating and initialising libssl and libcrypto:
/// about a hundred page faults and half a millisecond) every scan would otherwise pay.
/// exit_code is set only when bulwark-serve cannot be run.
void add_serve_launcher(CLI::App& app, int& exit_code, std::span<char* const> argv);

}  // namespace bulwark::cli
