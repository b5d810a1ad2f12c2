#include "rules/dockerfile/command_view.h"

#include <algorithm>
#include <array>
#include <span>

namespace bulwark::rules::dockerfile {
namespace {

bool one_of(std::string_view s, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

bool one_of(std::string_view s, std::span<const std::string_view> set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

// Options that take the next word as their value, per package manager.
constexpr std::string_view kAptValued[] = {
    "-o", "-t", "-c", "--target-release", "--option", "--config-file", "-a", "--host-architecture"};
constexpr std::string_view kApkValued[] = {
    "-X",     "--repository", "-t",          "--virtual",  "-p",
    "--root", "--arch",       "--cache-dir", "--keys-dir", "--repositories-file"};
constexpr std::string_view kYumValued[] = {
    "-c", "--config", "--installroot", "--releasever", "--enablerepo", "--disablerepo", "-x", "--exclude"};
constexpr std::string_view kZypperValued[] = {"-r", "--repo", "--root", "-R"};
constexpr std::string_view kPipValued[] = {"-r",
                                           "--requirement",
                                           "-c",
                                           "--constraint",
                                           "-i",
                                           "--index-url",
                                           "--extra-index-url",
                                           "-t",
                                           "--target",
                                           "--prefix",
                                           "--root",
                                           "-f",
                                           "--find-links",
                                           "--trusted-host",
                                           "--platform",
                                           "--python-version",
                                           "--implementation",
                                           "--abi",
                                           "--src",
                                           "--upgrade-strategy",
                                           "--cache-dir",
                                           "--log",
                                           "--proxy",
                                           "--retries",
                                           "--timeout",
                                           "--exists-action",
                                           "--cert",
                                           "--client-cert",
                                           "--global-option",
                                           "--config-settings",
                                           "--no-binary",
                                           "--only-binary",
                                           "-e",
                                           "--editable"};
constexpr std::string_view kNpmValued[] = {"--prefix", "--registry", "--cache"};
constexpr std::string_view kGemValued[] = {"-v", "--version", "-i",      "--install-dir",
                                           "-n", "--bindir",  "--source"};

bool is_assignment(std::string_view w) {
  const auto eq = w.find('=');
  return eq != std::string_view::npos && eq > 0 && w[0] != '-';
}

// Skips options of a wrapper; `valued` lists the options that take the next word as their value.
std::size_t skip_options(Words argv, std::size_t i, std::initializer_list<std::string_view> valued) {
  while (i < argv.size() && argv[i].text.size() > 1 && argv[i].text[0] == '-') {
    const std::string_view o = argv[i].text;
    ++i;
    if (o == "--") break;
    if (one_of(o, valued)) ++i;
  }
  return i;
}

// Programs that run another program with the rest of their argv, by how their own arguments are read.
enum class Wrapper { None, Sudo, Doas, Env, Plain, Nice, Xargs, Stdbuf, Setpriv, TakesOperand };

// Every command's program is asked: one switch on the first letter instead of comparing all the names.
Wrapper wrapper_of(std::string_view p) {
  if (p.size() < 3 || p.size() > 7) return Wrapper::None;
  switch (p[0]) {
    case 's':
      if (p == "sudo") return Wrapper::Sudo;
      if (p == "stdbuf") return Wrapper::Stdbuf;
      if (p == "su-exec") return Wrapper::TakesOperand;
      if (p == "setpriv") return Wrapper::Setpriv;
      break;
    case 'd':
      if (p == "doas") return Wrapper::Doas;
      break;
    case 'e':
      if (p == "env") return Wrapper::Env;
      if (p == "exec") return Wrapper::Plain;
      break;
    case 'n':
      if (p == "nohup") return Wrapper::Plain;
      if (p == "nice") return Wrapper::Nice;
      break;
    case 'c':
      if (p == "command") return Wrapper::Plain;
      if (p == "chroot") return Wrapper::TakesOperand;
      break;
    case 't':
      if (p == "time") return Wrapper::Plain;
      if (p == "timeout") return Wrapper::TakesOperand;
      break;
    case 'b':
      if (p == "builtin") return Wrapper::Plain;
      break;
    case 'i':
      if (p == "ionice") return Wrapper::Nice;
      break;
    case 'x':
      if (p == "xargs") return Wrapper::Xargs;
      break;
    case 'g':
      if (p == "gosu") return Wrapper::TakesOperand;
      break;
    default:
      break;
  }
  return Wrapper::None;
}

}  // namespace

Words program_argv(const bulwark::dockerfile::SimpleCommand& command) {
  Words argv(command.argv);
  std::size_t i = 0;
  // A bound on unwrapping: each step consumes at least one word.
  for (int guard = 0; guard < 16 && i < argv.size(); ++guard) {
    std::size_t next = i;
    switch (wrapper_of(base_name(argv[i].text))) {
      case Wrapper::Sudo:
        next = skip_options(argv, i + 1, {"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T", "-R"});
        break;
      case Wrapper::Doas:
        next = skip_options(argv, i + 1, {"-u", "-C"});
        break;
      case Wrapper::Env:
        next = skip_options(argv, i + 1, {"-u", "-C", "-S"});
        while (next < argv.size() && is_assignment(argv[next].text)) ++next;
        break;
      case Wrapper::Plain:
        next = skip_options(argv, i + 1, {});
        break;
      case Wrapper::Nice:
        next = skip_options(argv, i + 1, {"-n", "-c"});
        break;
      case Wrapper::Xargs:
        next = skip_options(argv, i + 1, {"-n", "-P", "-L", "-s", "-a", "-d", "-E", "-I"});
        break;
      case Wrapper::Stdbuf:
        next = skip_options(argv, i + 1, {"-i", "-o", "-e"});
        break;
      case Wrapper::Setpriv:
        // util-linux setpriv: options, then the program itself (no user operand, unlike gosu).
        next =
            skip_options(argv, i + 1,
                         {"--ruid", "--euid", "--rgid", "--egid", "--reuid", "--regid", "--groups",
                          "--inh-caps", "--ambient-caps", "--bounding-set", "--securebits", "--pdeathsig",
                          "--selinux-label", "--apparmor-profile", "--landlock-access", "--landlock-rule"});
        break;
      case Wrapper::TakesOperand:
        next = skip_options(argv, i + 1, {}) + 1;
        break;
      case Wrapper::None:
        break;
    }
    if (next == i) break;
    i = next;
  }
  if (i >= argv.size()) return {};
  return argv.subspan(i);
}

bool has_short_option(Words args, char option) {
  for (const auto& w : args) {
    const std::string_view t = w.text;
    if (t.size() < 2 || t[0] != '-' || t[1] == '-') continue;
    if (t.find('=') != std::string_view::npos) continue;
    if (t.substr(1).find(option) != std::string_view::npos) return true;
  }
  return false;
}

bool has_long_option(Words args, std::string_view name) {
  for (const auto& w : args) {
    const std::string_view t = w.text;
    if (t == name || (t.starts_with(name) && t.size() > name.size() && t[name.size()] == '=')) return true;
  }
  return false;
}

std::optional<PackageInstall> package_command(const bulwark::dockerfile::SimpleCommand& command) {
  return package_command(program_argv(command));
}

std::optional<PackageInstall> package_command(Words argv) {
  if (argv.empty()) return std::nullopt;
  std::string_view program = base_name(argv[0].text);
  PackageInstall out;
  out.args = argv;
  std::size_t i = 1;
  std::span<const std::string_view> valued;
  if (program == "apt-get" || program == "apt" || program == "aptitude") {
    out.manager = PackageInstall::Manager::Apt;
    valued = kAptValued;
  } else if (program == "apk") {
    out.manager = PackageInstall::Manager::Apk;
    valued = kApkValued;
  } else if (one_of(program, {"yum", "dnf", "microdnf", "tdnf"})) {
    out.manager = PackageInstall::Manager::Yum;
    valued = kYumValued;
  } else if (program == "zypper") {
    out.manager = PackageInstall::Manager::Zypper;
    valued = kZypperValued;
  } else if (program.starts_with("pip") || ((program.starts_with("python")) && argv.size() > 2 &&
                                            argv[1].text == "-m" && argv[2].text.starts_with("pip"))) {
    if (program.starts_with("python"))
      i = 3;
    else if (!(program == "pip" || program.starts_with("pip3") || program.starts_with("pip2")))
      return std::nullopt;
    out.manager = PackageInstall::Manager::Pip;
    valued = kPipValued;
  } else if (program == "npm") {
    out.manager = PackageInstall::Manager::Npm;
    valued = kNpmValued;
  } else if (program == "gem") {
    out.manager = PackageInstall::Manager::Gem;
    valued = kGemValued;
  } else {
    return std::nullopt;
  }
  // Options may come before and after the subcommand; the first non-option word is the subcommand.
  bool seen_subcommand = false;
  for (; i < argv.size(); ++i) {
    const std::string_view t = argv[i].text;
    if (t.size() > 1 && t[0] == '-') {
      if (t.find('=') == std::string_view::npos && one_of(t, valued)) ++i;
      continue;
    }
    if (!seen_subcommand) {
      out.subcommand = t;
      seen_subcommand = true;
      continue;
    }
    out.packages.push_back(&argv[i]);
  }
  return out;
}

std::string_view package_name(std::string_view spec) {
  // A byte loop: find_first_of would search the operator set once per byte of every package word.
  for (std::size_t i = 0; i < spec.size(); ++i)
    if (spec[i] == '=' || spec[i] == '<' || spec[i] == '>' || spec[i] == '~') return spec.substr(0, i);
  return spec;
}

bool installs(const PackageInstall& p) {
  return one_of(p.subcommand, {"install", "add", "in", "i", "reinstall", "groupinstall"});
}

}  // namespace bulwark::rules::dockerfile
