#include "dockerfile/scope.h"
#include "rules/dockerfile/command_view.h"
#include "rules/dockerfile/dockerfile_rules.h"
#include "rules/dockerfile/references.h"

namespace bulwark::rules::dockerfile {
namespace {

constexpr Reference kSshRefs[] = {kCisDocker, kOwaspDocker, kMitreRemoteServices};
constexpr Reference kRefs[] = {kDockerfileReference, kBestPractices, kCisDocker};

constexpr RuleMeta kExposeMeta{
    .id = "DF-expose-ssh",
    .severity = Severity::Medium,
    .family = Family::Dockerfile,
    .title = "SSH port exposed",
    .why =
        "A container is not a VM: an SSH server in it is one more daemon with credentials to steal and brute "
        "force, outside Kubernetes' access control and audit. `kubectl exec` / `docker exec` already give "
        "audited shell access.",
    .fix = "# remove EXPOSE 22 and the SSH server; debug with kubectl exec or an ephemeral debug container",
    .references = kSshRefs,
};

constexpr RuleMeta kSshdMeta{
    .id = "DF-sshd",
    .severity = Severity::Medium,
    .family = Family::Dockerfile,
    .title = "SSH server installed or started",
    .why =
        "An SSH daemon in the image is an extra network service with its own credentials and host keys baked "
        "into the image, bypassing Kubernetes RBAC and audit logs.",
    .fix = "# drop openssh-server; use kubectl exec / kubectl debug",
    .references = kSshRefs,
};

constexpr RuleMeta kHealthMeta{
    .id = "DF-no-healthcheck",
    .severity = Severity::Info,
    .family = Family::Dockerfile,
    .title = "No HEALTHCHECK",
    .why =
        "Without a health check, Docker and Swarm keep routing to a container whose process is alive but "
        "hung. "
        "(Kubernetes ignores HEALTHCHECK: there, define liveness/readiness probes instead.)",
    .fix = "HEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://localhost:8080/healthz || exit 1",
    .references = kRefs,
};

constexpr RuleMeta kWorkdirMeta{
    .id = "DF-workdir-relative",
    .severity = Severity::Low,
    .family = Family::Dockerfile,
    .title = "Relative WORKDIR",
    .why =
        "A relative WORKDIR depends on every earlier WORKDIR (including the base image's): a change upstream "
        "silently moves where files are written and what later steps run.",
    .fix = "WORKDIR /app",
    .references = kRefs,
};

bool covers_22(std::string_view port) {
  port = port.substr(0, port.find('/'));
  const auto dash = port.find('-');
  auto number = [](std::string_view s) -> long {
    if (s.empty() || s.size() > 5 || s.find_first_not_of("0123456789") != std::string_view::npos) return -1;
    long v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
  };
  if (dash == std::string_view::npos) return number(port) == 22;
  const long lo = number(port.substr(0, dash)), hi = number(port.substr(dash + 1));
  return lo >= 0 && lo <= 22 && hi >= 22;
}

void check_expose(const DockerfileContext& ctx, FindingSink& sink) {
  const df::Dockerfile& file = ctx.file();
  for (std::size_t i = 0; i < file.instructions.size(); ++i) {
    const df::Instruction& ins = file.instructions[i];
    if (ins.keyword != df::Keyword::Expose) continue;
    for (const df::Word& w : ins.words) {
      const auto port = df::expand_at(file, i, w.text, ctx.build_args());
      if (port && covers_22(port->text))
        sink.add(ctx.finding(kExposeMeta, w.pos, "EXPOSE", "EXPOSE " + w.text + " publishes SSH"));
    }
  }
}

void check_sshd(const DockerfileContext& ctx, FindingSink& sink) {
  for (const RunView& run : ctx.runs()) {
    for (const df::SimpleCommand& cmd : run.script.commands) {
      const auto& p = run.package(cmd);
      if (!p || !installs(*p)) continue;
      for (const df::ShellWord* w : p->packages) {
        const std::string_view name = package_name(w->text);
        const bool server = name == "openssh-server" || name == "dropbear" || name == "tinysshd" ||
                            (name == "openssh" && p->manager == PackageInstall::Manager::Apk);
        if (server)
          sink.add(
              ctx.finding(kSshdMeta, w->pos, "RUN", std::string(name) + " (an SSH server) is installed"));
      }
    }
  }
  for (const df::Instruction& ins : ctx.file().instructions) {
    if (ins.keyword != df::Keyword::Cmd && ins.keyword != df::Keyword::Entrypoint) continue;
    if (ins.words.empty()) continue;
    const std::string_view program = base_name(ins.words[0].text);
    if (program == "sshd" || program == "dropbear")
      sink.add(ctx.finding(kSshdMeta, ins.words[0].pos, std::string(df::keyword_name(ins.keyword)),
                           "the container starts " + std::string(program)));
  }
}

void check_healthcheck(const DockerfileContext& ctx, FindingSink& sink) {
  const std::vector<int>& chain = ctx.final_stage_chain();
  if (chain.empty()) return;
  const df::Dockerfile& file = ctx.file();
  for (int s : chain) {
    const df::Stage& stage = file.stages[static_cast<std::size_t>(s)];
    for (std::size_t i = stage.from; i < stage.end; ++i)
      if (file.instructions[i].keyword == df::Keyword::Healthcheck) return;
  }
  const df::Stage& final_stage = file.stages[static_cast<std::size_t>(chain.front())];
  sink.add(ctx.finding(kHealthMeta, file.instructions[final_stage.from].pos, "FROM",
                       "the final stage defines no HEALTHCHECK"));
}

void check_workdir(const DockerfileContext& ctx, FindingSink& sink) {
  const df::Dockerfile& file = ctx.file();
  for (std::size_t i = 0; i < file.instructions.size(); ++i) {
    const df::Instruction& ins = file.instructions[i];
    if (ins.keyword != df::Keyword::Workdir || ins.words.empty()) continue;
    const auto dir = df::expand_at(file, i, ins.words[0].text, ctx.build_args());
    if (!dir || !dir->unset.empty() || dir->text.empty()) continue;
    const std::string& d = dir->text;
    const bool windows = d.size() >= 2 && d[1] == ':';
    if (d[0] != '/' && d[0] != '\\' && !windows)
      sink.add(ctx.finding(kWorkdirMeta, ins.words[0].pos, "WORKDIR", "WORKDIR " + d + " is relative"));
  }
}

}  // namespace

const DockerfileRule kExposeSshRule{&kExposeMeta, check_expose};
const DockerfileRule kSshdRule{&kSshdMeta, check_sshd};
const DockerfileRule kNoHealthcheckRule{&kHealthMeta, check_healthcheck};
const DockerfileRule kRelativeWorkdirRule{&kWorkdirMeta, check_workdir};

}  // namespace bulwark::rules::dockerfile
