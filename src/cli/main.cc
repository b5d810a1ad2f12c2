// bulwark: finds and fixes container and Kubernetes security problems before they ship.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <cstdio>
#include <functional>
#include <iterator>
#include <span>
#include <string_view>

#include "cli/catalog_commands.h"
#include "cli/command_line.h"
#include "cli/exit_code.h"
#include "cli/fix_command.h"
#include "cli/policy_command.h"
#include "cli/scan_command.h"
#include "cli/serve_launcher.h"
#include "cli/shell_completion.h"
#include "cli/version.h"

namespace {

void add_version_command(CLI::App& app, int&) {
  app.add_subcommand("version", "Print the version")->footer("Example:\n  bulwark version")->callback([] {
    std::printf("bulwark %s\n", bulwark::cli::kVersion);
  });
}

}  // namespace

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
  // Building every command's options, validators and help text is a visible part of a small
  // scan's start (a few hundred page faults' worth of code and a million instructions), so a run
  // that names its command builds that command's family only. Help, completion scripts and
  // mistakes (no command, an unknown one) see every command.
  struct Family {
    std::array<std::string_view, 2> names;  // "" for none
    std::function<void(CLI::App&, int&)> add;
  };
  const Family families[] = {
      {{"scan"}, add_scan_command},
      {{"image"}, add_image_command},
      {{"fix", "netpol"}, add_fix_command},
      {{"explain", "rules"}, add_catalog_commands},
      {{"serve"},
       [&](CLI::App& a, int& code) { add_serve_launcher(a, code, std::span<char* const>(argv, argc)); }},
      {{"policy"}, add_policy_command},
      {{"completion"}, add_completion_command},
      {{"version"}, add_version_command},
  };
  const std::string_view named = argc > 1 ? std::string_view(argv[1]) : std::string_view();
  auto names = [&](const Family& f) {
    return !named.empty() && std::find(f.names.begin(), f.names.end(), named) != f.names.end();
  };
  const bool only_named =
      named != "completion" && std::any_of(std::begin(families), std::end(families), names);
  for (const Family& f : families)
    if (!only_named || names(f)) f.add(app, exit_code);
  return run_command_line(app, argc, argv, exit_code);
}
