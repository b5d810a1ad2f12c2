#include <algorithm>

#include "dockerfile/scope.h"
#include "rules/dockerfile/command_view.h"
#include "rules/dockerfile/dockerfile_rules.h"
#include "rules/dockerfile/references.h"

namespace bulwark::rules::dockerfile {
namespace {

constexpr Reference kRefs[] = {kBestPractices, kHadolint};
constexpr Reference kUpgradeRefs[] = {kBestPractices, kCisDocker, kHadolint};

constexpr RuleMeta kYesMeta{
    .id = "DF-apt-no-yes",
    .severity = Severity::Low,
    .family = Family::Dockerfile,
    .title = "apt-get install without -y",
    .why =
        "Without -y, apt-get asks for confirmation; in a build there is nobody to answer, so the step aborts "
        "or "
        "depends on how stdin happens to be wired.",
    .fix = "RUN apt-get install -y --no-install-recommends curl",
    .references = kRefs,
};

constexpr RuleMeta kRecommendsMeta{
    .id = "DF-apt-install-recommends",
    .severity = Severity::Low,
    .family = Family::Dockerfile,
    .title = "apt-get install without --no-install-recommends",
    .why =
        "Recommended packages are extra software you did not ask for: more code to patch, more tools for an "
        "attacker who gets in, a bigger image.",
    .fix = "RUN apt-get install -y --no-install-recommends curl",
    .references = kRefs,
};

constexpr RuleMeta kUpgradeMeta{
    .id = "DF-apt-upgrade",
    .severity = Severity::Low,
    .family = Family::Dockerfile,
    .title = "apt-get upgrade / dist-upgrade in a build",
    .why =
        "Upgrading everything in the build makes the image depend on the day it was built and hides which "
        "packages changed; rebuild on a patched base image instead, and pin what you install.",
    .fix =
        "FROM debian:12.7-slim   # a newer, patched base\nRUN apt-get install -y --no-install-recommends "
        "pkg=1.2-3",
    .references = kUpgradeRefs,
};

constexpr RuleMeta kListsMeta{
    .id = "DF-apt-lists-not-cleaned",
    .severity = Severity::Low,
    .family = Family::Dockerfile,
    .title = "apt lists left in the layer",
    .why =
        "The package lists under /var/lib/apt/lists stay in the image unless removed in the same RUN. They "
        "add "
        "megabytes and an outdated view of the archive that scanners and later installs will trust.",
    .fix =
        "RUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n && rm -rf "
        "/var/lib/apt/lists/*",
    .references = kRefs,
};

constexpr RuleMeta kApkMeta{
    .id = "DF-apk-no-cache",
    .severity = Severity::Low,
    .family = Family::Dockerfile,
    .title = "apk add without --no-cache",
    .why =
        "Without --no-cache, apk keeps its index in /var/cache/apk inside the layer: a bigger image carrying "
        "a "
        "stale package index.",
    .fix = "RUN apk add --no-cache curl",
    .references = kRefs,
};

constexpr RuleMeta kPipMeta{
    .id = "DF-pip-no-cache-dir",
    .severity = Severity::Low,
    .family = Family::Dockerfile,
    .title = "pip install without --no-cache-dir",
    .why =
        "pip keeps every downloaded wheel in ~/.cache/pip inside the layer; the image grows by the size of "
        "everything installed, for no benefit at run time.",
    .fix = "RUN pip install --no-cache-dir -r requirements.txt",
    .references = kRefs,
};

constexpr RuleMeta kUnpinnedMeta{
    .id = "DF-unpinned-packages",
    .severity = Severity::Low,
    .family = Family::Dockerfile,
    .title = "Packages installed without a version",
    .why =
        "Unpinned packages install whatever version the mirror has at build time, so rebuilds are not "
        "reproducible and a compromised release is picked up automatically.",
    .fix = "RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8",
    .references = kRefs,
    .enabled_by_default = false,
};

bool in_final_image(const DockerfileContext& ctx, const df::Instruction& run) {
  const std::vector<int>& chain = ctx.final_stage_chain();
  return std::find(chain.begin(), chain.end(), run.stage) != chain.end();
}

bool cache_mount(const df::Instruction& run, std::string_view target_part) {
  for (const df::Flag& f : run.flags)
    if (f.name == "mount" && f.value && f.value->find("type=cache") != std::string::npos &&
        f.value->find(target_part) != std::string::npos)
      return true;
  return false;
}

bool apt(const PackageInstall& p) {
  return p.manager == PackageInstall::Manager::Apt && base_name(p.args[0].text) != "aptitude";
}

// `apt-get install -s` only simulates: nothing is installed, nothing is asked.
bool simulated(const PackageInstall& p) {
  const Words rest = p.args.subspan(1);
  return has_short_option(rest, 's') || has_long_option(rest, "--simulate") ||
         has_long_option(rest, "--dry-run") || has_long_option(rest, "--just-print") ||
         has_long_option(rest, "--no-act") || has_long_option(rest, "--recon");
}

template <typename F>
void for_each_package_command(const DockerfileContext& ctx, F&& f) {
  for (const RunView& run : ctx.runs())
    for (const df::SimpleCommand& cmd : run.script.commands)
      if (const auto& p = run.package(cmd)) f(run, cmd, *p);
}

void check_yes(const DockerfileContext& ctx, FindingSink& sink) {
  for_each_package_command(ctx, [&](const RunView&, const df::SimpleCommand& cmd, const PackageInstall& p) {
    if (!apt(p) || !installs(p) || simulated(p) || cmd.pipe_index > 0)
      return;  // `yes | apt-get install` answers
    const Words rest = p.args.subspan(1);
    const bool yes = has_short_option(rest, 'y') || has_long_option(rest, "--yes") ||
                     has_long_option(rest, "--assume-yes") ||
                     std::any_of(rest.begin(), rest.end(), [](const df::ShellWord& w) {
                       return w.text == "-qq" || w.text == "-q=2" || w.text == "--quiet=2";
                     });
    if (!yes) sink.add(ctx.finding(kYesMeta, cmd.pos, "RUN", "apt-get install without -y"));
  });
}

void check_recommends(const DockerfileContext& ctx, FindingSink& sink) {
  for_each_package_command(ctx, [&](const RunView&, const df::SimpleCommand& cmd, const PackageInstall& p) {
    if (!apt(p) || !installs(p) || simulated(p)) return;
    const Words rest = p.args.subspan(1);
    const bool off = has_long_option(rest, "--no-install-recommends") ||
                     std::any_of(rest.begin(), rest.end(), [](const df::ShellWord& w) {
                       return w.text.find("Install-Recommends=false") != std::string::npos ||
                              w.text.find("Install-Recommends=0") != std::string::npos;
                     });
    if (!off)
      sink.add(
          ctx.finding(kRecommendsMeta, cmd.pos, "RUN", "apt-get install without --no-install-recommends"));
  });
}

void check_upgrade(const DockerfileContext& ctx, FindingSink& sink) {
  for_each_package_command(ctx, [&](const RunView&, const df::SimpleCommand& cmd, const PackageInstall& p) {
    if (apt(p) &&
        (p.subcommand == "upgrade" || p.subcommand == "dist-upgrade" || p.subcommand == "full-upgrade"))
      sink.add(ctx.finding(
          kUpgradeMeta, cmd.pos, "RUN",
          std::string(base_name(p.args[0].text)) + " " + std::string(p.subcommand) + " in the build"));
  });
}

void check_lists(const DockerfileContext& ctx, FindingSink& sink) {
  for (const RunView& run : ctx.runs()) {
    if (!in_final_image(ctx, *run.run) || cache_mount(*run.run, "/var/lib/apt")) continue;
    const df::SimpleCommand* install = nullptr;
    bool cleaned = false;
    for (const df::SimpleCommand& cmd : run.script.commands) {
      if (const auto& p = run.package(cmd);
          p && apt(*p) && (installs(*p) || p->subcommand == "update") && !install)
        install = &cmd;
      if (const auto& p = run.package(cmd); p && apt(*p) && p->subcommand == "dist-clean") cleaned = true;
      const Words a = run.program(cmd);
      if (run.name(cmd) == "rm")
        for (const df::ShellWord& w : a.subspan(1))
          if (w.text.starts_with("/var/lib/apt/lists")) cleaned = true;
    }
    if (install && !cleaned)
      sink.add(ctx.finding(kListsMeta, install->pos, "RUN",
                           "apt lists are not removed in the same RUN (rm -rf /var/lib/apt/lists/*)"));
  }
}

void check_apk(const DockerfileContext& ctx, FindingSink& sink) {
  for (const RunView& run : ctx.runs()) {
    if (!in_final_image(ctx, *run.run) || cache_mount(*run.run, "/var/cache/apk")) continue;
    bool cleaned = false;
    for (const df::SimpleCommand& cmd : run.script.commands) {
      const Words a = run.program(cmd);
      if (run.name(cmd) == "rm")
        for (const df::ShellWord& w : a.subspan(1))
          if (w.text.starts_with("/var/cache/apk")) cleaned = true;
    }
    if (cleaned) continue;
    for (const df::SimpleCommand& cmd : run.script.commands) {
      const auto& p = run.package(cmd);
      if (!p || p->manager != PackageInstall::Manager::Apk || p->subcommand != "add") continue;
      if (!has_long_option(p->args.subspan(1), "--no-cache"))
        sink.add(ctx.finding(kApkMeta, cmd.pos, "RUN", "apk add without --no-cache"));
    }
  }
}

void check_pip(const DockerfileContext& ctx, FindingSink& sink) {
  for (const RunView& run : ctx.runs()) {
    if (!in_final_image(ctx, *run.run) || cache_mount(*run.run, "pip")) continue;
    const auto pip_install = [&](const df::SimpleCommand& cmd) {
      const auto& p = run.package(cmd);
      return p && p->manager == PackageInstall::Manager::Pip && installs(*p);
    };
    // The variables in scope cost a walk of the stage: only a RUN that installs with pip needs them.
    if (std::none_of(run.script.commands.begin(), run.script.commands.end(), pip_install)) continue;
    bool env_off = false;
    const df::Variables vars = df::variables_before(ctx.file(), run.index, ctx.build_args());
    if (auto v = vars.find("PIP_NO_CACHE_DIR"); v && !v->empty()) env_off = true;
    for (const df::SimpleCommand& cmd : run.script.commands) {
      for (const df::ShellWord& w : cmd.assignments)
        if (w.text.starts_with("PIP_NO_CACHE_DIR=")) env_off = true;
      if (env_off) break;
      if (!pip_install(cmd)) continue;
      if (!has_long_option(run.package(cmd)->args.subspan(1), "--no-cache-dir"))
        sink.add(ctx.finding(kPipMeta, cmd.pos, "RUN", "pip install without --no-cache-dir"));
    }
  }
}

bool pinned(const PackageInstall& p, std::string_view spec) {
  switch (p.manager) {
    case PackageInstall::Manager::Apt:
      return spec.find('=') != std::string_view::npos || spec.ends_with(".deb");
    case PackageInstall::Manager::Apk:
      return spec.find_first_of("=~<>") != std::string_view::npos;
    case PackageInstall::Manager::Yum:
    case PackageInstall::Manager::Zypper:
      // name-version or name-version-release: a dash followed by a digit; or a local/remote rpm.
      for (std::size_t i = 0; i + 1 < spec.size(); ++i)
        if (spec[i] == '-' && spec[i + 1] >= '0' && spec[i + 1] <= '9') return true;
      return spec.ends_with(".rpm") || spec.find_first_of("=<>") != std::string_view::npos;
    case PackageInstall::Manager::Pip:
      return spec.find_first_of("=<>~@") != std::string_view::npos ||
             spec.find('/') != std::string_view::npos || spec == "." || spec.ends_with(".whl") ||
             spec.ends_with(".tar.gz") || spec.ends_with(".zip");
    case PackageInstall::Manager::Npm:
      return spec.find('@', 1) != std::string_view::npos || spec.find('/') != spec.npos;
    case PackageInstall::Manager::Gem:
      return spec.find(':') != std::string_view::npos || has_short_option(p.args, 'v') ||
             has_long_option(p.args, "--version");
  }
  return true;
}

void check_unpinned(const DockerfileContext& ctx, FindingSink& sink) {
  for_each_package_command(ctx, [&](const RunView&, const df::SimpleCommand&, const PackageInstall& p) {
    if (!installs(p)) return;
    if (p.manager == PackageInstall::Manager::Npm && !has_short_option(p.args, 'g') &&
        !has_long_option(p.args, "--global"))
      return;  // project installs are pinned by the lockfile
    for (const df::ShellWord* w : p.packages) {
      if (w->text.find('$') != std::string_view::npos || pinned(p, w->text)) continue;
      sink.add(ctx.finding(kUnpinnedMeta, w->pos, "RUN",
                           "package \"" + std::string(w->text) + "\" is installed without a version"));
    }
  });
}

}  // namespace

const DockerfileRule kAptYesRule{&kYesMeta, check_yes};
const DockerfileRule kAptInstallRecommendsRule{&kRecommendsMeta, check_recommends};
const DockerfileRule kAptUpgradeRule{&kUpgradeMeta, check_upgrade};
const DockerfileRule kAptListsRule{&kListsMeta, check_lists};
const DockerfileRule kApkNoCacheRule{&kApkMeta, check_apk};
const DockerfileRule kPipNoCacheRule{&kPipMeta, check_pip};
const DockerfileRule kUnpinnedPackagesRule{&kUnpinnedMeta, check_unpinned};

}  // namespace bulwark::rules::dockerfile
