// bulwark: finds and fixes container and Kubernetes security problems before they ship.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/catalog_commands.h"
#include "cli/exit_code.h"
#include "cli/fix_command.h"
#include "cli/policy_command.h"
#include "cli/scan_command.h"
#include "cli/serve_command.h"
#include "cli/shell_completion.h"
#include "cli/version.h"

int main(int argc, char** argv) {
  using namespace bulwark::cli;
  CLI::App app{"bulwark: find and fix container and Kubernetes security problems before they ship"};
  app.name("bulwark");
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  bulwark scan k8s/                          scan a folder of manifests\n"
      "  bulwark scan --format sarif=bulwark.sarif .\n"
      "  bulwark explain PSS-privileged             why a rule matters and how to fix it\n"
      "  bulwark rules                              every rule\n\n"
      "Run `bulwark COMMAND --help` for a command's flags and examples.");
  int exit_code = kClean;
  add_scan_command(app, exit_code);
  add_fix_command(app, exit_code);
  add_catalog_commands(app, exit_code);
  add_serve_command(app, exit_code);
  add_policy_command(app, exit_code);
  add_completion_command(app, exit_code);
  app.add_subcommand("version", "Print the version")
      ->footer("Example:\n  bulwark version")
      ->callback([] { std::printf("bulwark %s\n", kVersion); });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kClean : kUsageOrLoadError;
  }
  return exit_code;
}
