// bulwark-serve: the admission webhook, `bulwark serve` in an executable of its own (see
// serve_launcher.h). It takes the same command line: `bulwark-serve serve --tls-cert ...`.
#include <CLI/CLI.hpp>

#include "cli/command_line.h"
#include "cli/exit_code.h"
#include "cli/serve_command.h"

int main(int argc, char** argv) {
  using namespace bulwark::cli;
  CLI::App app{"bulwark serve: the HTTPS admission webhook"};
  app.name("bulwark");
  app.require_subcommand(1);
  int exit_code = kClean;
  add_serve_command(app, exit_code);
  return run_command_line(app, argc, argv, exit_code);
}
