#include "rules/dockerfile/command_view.h"
#include "rules/dockerfile/dockerfile_rules.h"
#include "rules/dockerfile/references.h"

namespace bulwark::rules::dockerfile {
namespace {

constexpr Reference kRefs[] = {kCisDocker, kMitreElevation, kHadolint};

constexpr RuleMeta kMeta{
    .id = "DF-sudo",
    .severity = Severity::High,
    .family = Family::Dockerfile,
    .title = "sudo, su or doas in the image",
    .why =
        "sudo (or doas, or su with a known password) in an image gives whoever gets a shell in the container "
        "a one-word path back to root, undoing the non-root USER. During the build every RUN already runs "
        "as root, so sudo is never needed there.",
    .fix =
        "# run the privileged steps before USER, as root, and drop sudo:\nRUN apt-get install -y "
        "--no-install-recommends "
        "mypkg\nUSER 10001",
    .references = kRefs,
};

void check(const DockerfileContext& ctx, FindingSink& sink) {
  for (const RunView& run : ctx.runs()) {
    for (const df::SimpleCommand& cmd : run.script.commands) {
      if (cmd.argv.empty()) continue;
      const std::string_view first = base_name(cmd.argv[0].text);
      if (first == "sudo" || first == "doas") {
        sink.add(
            ctx.finding(kMeta, cmd.pos, "RUN", std::string(first) + " is used: RUN already runs as root"));
        continue;
      }
      const Words argv = run.program(cmd);
      if (!argv.empty() && run.name(cmd) == "su" &&
          (has_short_option(argv.subspan(1), 'c') || has_long_option(argv.subspan(1), "--command"))) {
        sink.add(ctx.finding(kMeta, cmd.pos, "RUN", "su -c switches users inside the build"));
        continue;
      }
      if (const auto& pkg = run.package(cmd); pkg && installs(*pkg)) {
        for (const df::ShellWord* p : pkg->packages) {
          const std::string_view name = package_name(p->text);
          if (name == "sudo" || name == "doas" || name == "opendoas")
            sink.add(ctx.finding(kMeta, p->pos, "RUN", std::string(name) + " is installed into the image"));
        }
      }
    }
  }
}

}  // namespace

const DockerfileRule kSudoRule{&kMeta, check};

}  // namespace bulwark::rules::dockerfile
