#include "dockerfile/scope.h"
#include "rules/dockerfile/dockerfile_rules.h"
#include "rules/dockerfile/references.h"

namespace bulwark::rules::dockerfile {
namespace {

constexpr Reference kRefs[] = {kCisDocker, kBestPractices, kOwaspDocker};

constexpr RuleMeta kMeta{
    .id = "DF-root-user",
    .severity = Severity::High,
    .family = Family::Dockerfile,
    .title = "Image runs as root",
    .why =
        "Without a USER, the container's processes run as root (uid 0). Any bug in the application then acts "
        "as root inside the container: it can rewrite the image's binaries, read every file, and it is one "
        "kernel or runtime flaw away from being root on the node.",
    .fix = "RUN useradd --system --uid 10001 app\nUSER 10001",
    .references = kRefs,
};

bool is_root(std::string_view user) {
  const std::string_view name = user.substr(0, user.find(':'));
  return name == "root" || name == "0";
}

void check(const DockerfileContext& ctx, FindingSink& sink) {
  const df::Dockerfile& file = ctx.file();
  const std::vector<int>& chain = ctx.final_stage_chain();
  if (chain.empty()) return;
  for (int s : chain) {
    const df::Stage& stage = file.stages[static_cast<std::size_t>(s)];
    for (std::size_t i = stage.end; i-- > stage.from + 1;) {
      const df::Instruction& ins = file.instructions[i];
      if (ins.keyword != df::Keyword::User || ins.words.empty()) continue;
      const auto user = df::expand_at(file, i, ins.words[0].text, ctx.build_args());
      if (!user || !user->unset.empty()) return;  // decided at build time: nothing to say
      if (is_root(user->text))
        sink.add(ctx.finding(kMeta, ins.words[0].pos, "USER",
                             "the final stage switches to root (USER " + ins.words[0].text +
                                 "): the container runs as uid 0"));
      return;
    }
  }
  const df::Stage& final_stage = file.stages[static_cast<std::size_t>(chain.front())];
  const df::Stage& root = file.stages[static_cast<std::size_t>(chain.back())];
  sink.add(
      ctx.finding(kMeta, file.instructions[final_stage.from].pos, "FROM",
                  "the final stage never sets USER, so the container runs as root unless the base image \"" +
                      root.base_resolved + "\" switches to another user"));
}

}  // namespace

const DockerfileRule kRootUserRule{&kMeta, check};

}  // namespace bulwark::rules::dockerfile
