#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "dockerfile/shell_commands.h"

namespace bulwark::rules::dockerfile {

using Words = std::span<const bulwark::dockerfile::ShellWord>;

/// `path` without its directories: `/usr/bin/curl` -> `curl`. Inline, with a byte loop: rules ask it of
/// every command's first words, which are a few bytes long (a call to memrchr cost more than the search).
inline std::string_view base_name(std::string_view path) {
  for (std::size_t i = path.size(); i > 0; --i)
    if (path[i - 1] == '/') return path.substr(i);
  return path;
}

/// The argv of the program a command really runs, past wrappers that run another program with the same
/// argv tail: `sudo -u x`, `doas`, `env A=1`, `nohup`, `exec`, `command`, `time`, `nice -n 5`, `xargs -r`,
/// `gosu user`, `su-exec user`, `chroot dir`, `timeout 5`, `stdbuf -oL`.
Words program_argv(const bulwark::dockerfile::SimpleCommand& command);

/// `-k` given alone or grouped with other short options (`-fsSLk`); long options never match.
bool has_short_option(Words args, char option);
/// `--name` or `--name=value`.
bool has_long_option(Words args, std::string_view name);

/// A package installation: `apt-get install`, `apk add`, `yum/dnf install`, `pip install`, `npm install
/// -g`...
struct PackageInstall {
  enum class Manager { Apt, Apk, Yum, Zypper, Pip, Npm, Gem };
  Manager manager = Manager::Apt;
  std::string_view subcommand;  // "install", "add", "upgrade", "dist-upgrade", ...
  Words args;                   // the program's argv (program_argv), for option checks
  std::vector<const bulwark::dockerfile::ShellWord*> packages;
};

/// The package-manager invocation of a command (any subcommand), or nothing.
std::optional<PackageInstall> package_command(const bulwark::dockerfile::SimpleCommand& command);
/// The same for a command whose program_argv() is already known.
std::optional<PackageInstall> package_command(Words program);

/// A package argument without its version constraint: `curl=7.88.1` -> `curl`, `six>=1.16` -> `six`.
std::string_view package_name(std::string_view spec);

/// True when a package-manager command installs packages (install/add/in, not update/remove).
bool installs(const PackageInstall& p);

}  // namespace bulwark::rules::dockerfile
