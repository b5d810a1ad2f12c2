#include "rules/dockerfile/command_view.h"
#include "rules/dockerfile/dockerfile_rules.h"
#include "rules/dockerfile/references.h"

namespace bulwark::rules::dockerfile {
namespace {

constexpr Reference kRefs[] = {kBestPractices, kHadolint};

constexpr RuleMeta kPipefailMeta{
    .id = "DF-pipefail",
    .severity = Severity::Low,
    .family = Family::Dockerfile,
    .title = "Pipe in RUN without pipefail",
    .why =
        "A pipeline's status is its last command's: `curl ... | tar x` succeeds even when the download "
        "failed, "
        "and the image ships half-installed. With SHELL set to bash (or another shell with pipefail), "
        "`set -o pipefail` makes the build stop instead.",
    .fix = "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]",
    .references = kRefs,
};

constexpr RuleMeta kCdMeta{
    .id = "DF-cd-in-run",
    .severity = Severity::Low,
    .family = Family::Dockerfile,
    .title = "cd in RUN instead of WORKDIR",
    .why =
        "A `cd` lasts for one RUN only; the next instructions silently run elsewhere. WORKDIR states the "
        "directory once, for every later step and for the container.",
    .fix = "WORKDIR /usr/src/app\nRUN make",
    .references = kRefs,
};

bool sets_pipefail(Words args) {
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    const std::string_view o = args[i].text;
    if (o.size() > 1 && o[0] == '-' && o[1] != '-' && o.back() == 'o' && args[i + 1].text == "pipefail")
      return true;
  }
  return false;
}

// The SHELL in force for a RUN: the last SHELL before it in its stage (BuildKit resets it per stage).
const df::Instruction* shell_for(const DockerfileContext& ctx, const RunView& run) {
  const df::Dockerfile& file = ctx.file();
  if (run.run->stage < 0) return nullptr;
  const df::Stage& stage = file.stages[static_cast<std::size_t>(run.run->stage)];
  const df::Instruction* shell = nullptr;
  for (std::size_t i = stage.from; i < run.index && i < file.instructions.size(); ++i)
    if (file.instructions[i].keyword == df::Keyword::Shell && file.instructions[i].exec_form)
      shell = &file.instructions[i];
  return shell;
}

void check_pipefail(const DockerfileContext& ctx, FindingSink& sink) {
  for (const RunView& run : ctx.runs()) {
    if (run.run->exec_form) continue;
    const df::Instruction* shell = shell_for(ctx, run);
    // POSIX sh (the default /bin/sh -c) has no portable pipefail: only shells that have it are held to it.
    if (!shell || shell->exec.empty()) continue;
    const std::string_view program = base_name(shell->exec[0].text);
    if (!(program == "bash" || program == "zsh" || program == "ksh" || program == "mksh" || program == "ash"))
      continue;
    std::vector<df::ShellWord> shell_args;
    for (const df::Word& w : shell->exec) shell_args.push_back({w.text, w.pos, false});
    if (sets_pipefail(shell_args)) continue;
    for (const df::SimpleCommand& cmd : run.script.commands) {
      if (cmd.depth != 0) continue;
      const Words a = run.program(cmd);
      if (!a.empty() && a[0].text == "set" && sets_pipefail(a.subspan(1))) break;
      if (cmd.pipe_index > 0) {
        sink.add(ctx.finding(kPipefailMeta, cmd.pos, "RUN",
                             "a pipe runs under " + std::string(program) +
                                 " without pipefail: failures before the "
                                 "last command are ignored"));
        break;
      }
    }
  }
}

void check_cd(const DockerfileContext& ctx, FindingSink& sink) {
  for (const RunView& run : ctx.runs()) {
    for (const df::SimpleCommand& cmd : run.script.commands) {
      if (cmd.depth != 0 || cmd.argv.empty() || cmd.argv[0].text != "cd") continue;
      sink.add(ctx.finding(kCdMeta, cmd.pos, "RUN", "cd changes directory for this RUN only: use WORKDIR"));
      break;  // one finding per RUN is enough to act on
    }
  }
}

}  // namespace

const DockerfileRule kPipefailRule{&kPipefailMeta, check_pipefail};
const DockerfileRule kCdInRunRule{&kCdMeta, check_cd};

}  // namespace bulwark::rules::dockerfile
