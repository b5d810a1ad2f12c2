#include "cli/command_line.h"

#include "cli/exit_code.h"

namespace bulwark::cli {

int run_command_line(CLI::App& app, int argc, char** argv, const int& exit_code) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kClean : kUsageOrLoadError;
  }
  return exit_code;
}

}  // namespace bulwark::cli
