#include <optional>

#include "rules/dockerfile/command_view.h"
#include "rules/dockerfile/dockerfile_rules.h"
#include "rules/dockerfile/references.h"

namespace bulwark::rules::dockerfile {
namespace {

constexpr Reference kRefs[] = {kCisDocker, kMitreElevation};

constexpr RuleMeta kSetuidMeta{
    .id = "DF-chmod-setuid",
    .severity = Severity::High,
    .family = Family::Dockerfile,
    .title = "chmod adds a setuid or setgid bit",
    .why =
        "A setuid-root program runs as root whoever starts it. Any flaw in it (or an option that runs "
        "another "
        "command) turns a non-root foothold in the container into root.",
    .fix = "RUN chmod 0755 /usr/local/bin/tool   # no 4xxx/2xxx modes, no u+s/g+s",
    .references = kRefs,
};

constexpr RuleMeta kWorldWritableMeta{
    .id = "DF-chmod-777",
    .severity = Severity::Medium,
    .family = Family::Dockerfile,
    .title = "chmod 777",
    .why =
        "A world-writable file or directory can be changed by any process in the container: an attacker who "
        "gets in as an unprivileged user can replace scripts or binaries that root (or the app) runs later.",
    .fix = "RUN chown app:app /data && chmod 0750 /data",
    .references = kRefs,
};

struct Mode {
  bool setuid = false;
  bool world_writable_all = false;
};

std::optional<Mode> parse_mode(std::string_view m) {
  if (m.empty()) return std::nullopt;
  Mode out;
  if (m.find_first_not_of("01234567") == std::string_view::npos) {
    if (m.size() > 5) return std::nullopt;
    unsigned v = 0;
    for (char c : m) v = v * 8 + static_cast<unsigned>(c - '0');
    out.setuid = (v & 06000) != 0;
    // 1777 (sticky, like /tmp) is the intended world-writable directory pattern.
    out.world_writable_all = (v & 0777) == 0777 && (v & 01000) == 0;
    return out;
  }
  // Symbolic clauses: [ugoa]*[+=][rwxXst]*, comma separated.
  std::size_t start = 0;
  while (start <= m.size()) {
    const auto comma = m.find(',', start);
    const std::string_view clause = m.substr(start, comma == std::string_view::npos ? m.npos : comma - start);
    const auto op = clause.find_first_of("+=-");
    if (op == std::string_view::npos) return std::nullopt;
    const std::string_view who = clause.substr(0, op);
    const std::string_view perms = clause.substr(op + 1);
    if (who.find_first_not_of("ugoa") != std::string_view::npos) return std::nullopt;
    if (clause[op] != '-') {
      if (perms.find('s') != std::string_view::npos) out.setuid = true;
      const bool everyone =
          who.empty() || who.find('a') != std::string_view::npos ||
          (who.find('u') != who.npos && who.find('g') != who.npos && who.find('o') != who.npos);
      if (everyone && perms.find('r') != perms.npos && perms.find('w') != perms.npos &&
          perms.find('x') != perms.npos && perms.find('t') == perms.npos)
        out.world_writable_all = true;
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

template <bool kSetuid>
void check(const DockerfileContext& ctx, FindingSink& sink) {
  for (const RunView& run : ctx.runs()) {
    for (const df::SimpleCommand& cmd : run.script.commands) {
      const Words argv = run.program(cmd);
      if (argv.empty() || run.name(cmd) != "chmod") continue;
      for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string_view t = argv[i].text;
        if (t.starts_with("--")) continue;
        if (t.size() > 1 && t[0] == '-' && t.find_first_of("+=") == std::string_view::npos &&
            t.find_first_not_of("-RvcfH") == std::string_view::npos)
          continue;
        const auto mode = parse_mode(t);
        if (mode && kSetuid && mode->setuid)
          sink.add(ctx.finding(kSetuidMeta, argv[i].pos, "RUN",
                               "chmod " + std::string(t) + " sets the setuid/setgid bit"));
        if (mode && !kSetuid && mode->world_writable_all)
          sink.add(ctx.finding(kWorldWritableMeta, argv[i].pos, "RUN",
                               "chmod " + std::string(t) + " makes files writable by every user"));
        break;  // the first operand is the mode
      }
    }
  }
}

}  // namespace

const DockerfileRule kChmodSetuidRule{&kSetuidMeta, check<true>};
const DockerfileRule kChmodWorldWritableRule{&kWorldWritableMeta, check<false>};

}  // namespace bulwark::rules::dockerfile
