#include "rules/dockerfile/command_view.h"
#include "rules/dockerfile/dockerfile_rules.h"
#include "rules/dockerfile/references.h"

namespace bulwark::rules::dockerfile {
namespace {

constexpr Reference kRefs[] = {kBestPractices, kCisDocker, kMitreSupplyChain};
constexpr Reference kTlsRefs[] = {kBestPractices, kMitreAitm, kMitreSupplyChain};

constexpr RuleMeta kPipeMeta{
    .id = "DF-curl-pipe-shell",
    .severity = Severity::High,
    .family = Family::Dockerfile,
    .title = "Downloaded script piped into a shell",
    .why =
        "`curl ... | sh` runs whatever the server (or anyone between you and it) returns at build time, as "
        "root, "
        "with no checksum or signature. A compromised download site or CDN becomes code execution in every "
        "image you build.",
    .fix =
        "RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \\\n"
        " && echo \"<sha256>  /tmp/install.sh\" | sha256sum -c - \\\n && sh /tmp/install.sh",
    .references = kRefs,
};

constexpr RuleMeta kAddMeta{
    .id = "DF-add-remote",
    .severity = Severity::Medium,
    .family = Family::Dockerfile,
    .title = "ADD of a URL without --checksum",
    .why =
        "ADD downloads the URL at build time and trusts whatever comes back. If the file changes upstream "
        "(or is "
        "replaced by an attacker), the image silently changes with it.",
    .fix = "ADD --checksum=sha256:<digest> https://example.com/tool.tar.gz /tmp/",
    .references = kRefs,
};

constexpr RuleMeta kTlsMeta{
    .id = "DF-insecure-tls",
    .severity = Severity::High,
    .family = Family::Dockerfile,
    .title = "TLS certificate checks disabled",
    .why =
        "`curl -k`, `wget --no-check-certificate` and friends accept any certificate, so anyone on the "
        "network "
        "path of the build (a proxy, a Wi-Fi, a compromised CI runner network) can serve their own file.",
    .fix =
        "RUN curl -fsSL https://example.com/file -o /tmp/file   # no -k; add the CA with "
        "update-ca-certificates",
    .references = kTlsRefs,
};

constexpr RuleMeta kGitMeta{
    .id = "DF-git-clone-http",
    .severity = Severity::Medium,
    .family = Family::Dockerfile,
    .title = "git clone over plain http or git://",
    .why =
        "http:// and git:// have no authentication of the server: the source tree you build from can be "
        "swapped on the way.",
    .fix = "RUN git clone --depth 1 https://github.com/org/repo.git",
    .references = kTlsRefs,
};

bool is_downloader(std::string_view p) {
  return p == "curl" || p == "wget" || p == "fetch";
}
bool is_interpreter(std::string_view p) {
  return df::is_shell_program(p) || p == "python" || p == "python3" || p == "perl" || p == "ruby" ||
         p == "node" || p == "php" || p == "busybox";
}

void check_pipe(const DockerfileContext& ctx, FindingSink& sink) {
  for (const RunView& run : ctx.runs()) {
    const auto& cmds = run.script.commands;
    for (std::size_t i = 0; i < cmds.size(); ++i) {
      const Words a = run.program(cmds[i]);
      if (a.empty()) continue;
      const std::string_view program = run.name(cmds[i]);
      if (is_downloader(program)) {
        for (std::size_t j = 0; j < cmds.size(); ++j) {
          if (cmds[j].pipeline != cmds[i].pipeline || cmds[j].pipe_index <= cmds[i].pipe_index) continue;
          const std::string_view reader = run.name(cmds[j]);
          if (!reader.empty() && is_interpreter(reader)) {
            sink.add(ctx.finding(kPipeMeta, cmds[i].pos, "RUN",
                                 std::string(program) + " output is piped into " + std::string(reader)));
            break;
          }
        }
        continue;
      }
      // sh -c "$(curl ...)", eval "$(wget -O- ...)"
      if (is_interpreter(program) || program == "eval" || program == "source" || program == ".") {
        for (const df::ShellWord& w : a.subspan(1)) {
          if (w.text.find("$(curl") != std::string::npos || w.text.find("$(wget") != std::string::npos ||
              w.text.find("`curl") != std::string::npos || w.text.find("`wget") != std::string::npos) {
            sink.add(ctx.finding(kPipeMeta, cmds[i].pos, "RUN",
                                 std::string(program) + " runs the output of a download"));
            break;
          }
        }
      }
    }
  }
}

void check_add(const DockerfileContext& ctx, FindingSink& sink) {
  for (const df::Instruction& top : ctx.file().instructions) {
    const df::Instruction& ins = top.trigger.empty() ? top : top.trigger.front();
    if (ins.keyword != df::Keyword::Add || ins.flag("checksum") != nullptr) continue;
    for (std::size_t i = 0; i + 1 < ins.words.size(); ++i) {
      const std::string& src = ins.words[i].text;
      if ((src.starts_with("http://") || src.starts_with("https://")) && !src.ends_with(".git"))
        sink.add(ctx.finding(kAddMeta, ins.words[i].pos, "ADD",
                             "ADD downloads " + src.substr(0, 200) + " without --checksum"));
    }
  }
}

void check_tls(const DockerfileContext& ctx, FindingSink& sink) {
  for (const RunView& run : ctx.runs()) {
    for (const df::SimpleCommand& cmd : run.script.commands) {
      const Words a = run.program(cmd);
      if (a.empty()) continue;
      const std::string_view p = run.name(cmd);
      const Words rest = a.subspan(1);
      std::string what;
      if (p == "curl" && (has_short_option(rest, 'k') || has_long_option(rest, "--insecure"))) {
        what = "curl -k/--insecure";
      } else if (p == "wget" && has_long_option(rest, "--no-check-certificate")) {
        what = "wget --no-check-certificate";
      } else if (p == "apk" && has_long_option(rest, "--allow-untrusted")) {
        what = "apk --allow-untrusted";
      } else if (p.starts_with("pip") && has_long_option(rest, "--trusted-host")) {
        what = "pip --trusted-host";
      } else if (p == "git" || p == "npm" || p == "yarn") {
        for (std::size_t i = 0; i < rest.size(); ++i) {
          std::string l(rest[i].text);
          for (char& c : l) c = static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
          const bool git_off =
              l.find("sslverify") != std::string::npos &&
              (l.ends_with("=false") || (i + 1 < rest.size() && rest[i + 1].text == "false"));
          const bool npm_off = l == "strict-ssl" && i + 1 < rest.size() && rest[i + 1].text == "false";
          if (git_off || npm_off || l == "strict-ssl=false")
            what = std::string(p) + " with certificate checks off";
        }
      }
      if (!what.empty())
        sink.add(ctx.finding(kTlsMeta, cmd.pos, "RUN", what + " accepts any TLS certificate"));
    }
  }
  for (const df::Instruction& ins : ctx.file().instructions) {
    if (ins.keyword != df::Keyword::Env) continue;
    for (const df::KeyValue& kv : ins.pairs) {
      const std::string v = kv.value.value_or("");
      const bool off = (kv.key == "GIT_SSL_NO_VERIFY" && !v.empty() && v != "0" && v != "false") ||
                       (kv.key == "NODE_TLS_REJECT_UNAUTHORIZED" && (v == "0" || v == "\"0\"")) ||
                       (kv.key == "PYTHONHTTPSVERIFY" && (v == "0" || v == "\"0\""));
      if (off)
        sink.add(ctx.finding(
            kTlsMeta, kv.key_pos, "ENV " + kv.key,
            "ENV " + kv.key + "=" + v + " turns TLS certificate checks off for every later step"));
    }
  }
}

void check_git(const DockerfileContext& ctx, FindingSink& sink) {
  for (const RunView& run : ctx.runs()) {
    for (const df::SimpleCommand& cmd : run.script.commands) {
      const Words a = run.program(cmd);
      if (a.size() < 3 || run.name(cmd) != "git") continue;
      bool clone = false;
      for (const df::ShellWord& w : a.subspan(1)) {
        if (w.text == "clone" || w.text == "fetch" || w.text == "pull" || w.text == "submodule") clone = true;
        if (clone && (w.text.starts_with("http://") || w.text.starts_with("git://"))) {
          sink.add(ctx.finding(kGitMeta, w.pos, "RUN",
                               "git fetches " + std::string(w.text.substr(0, 200)) + " without TLS"));
          break;
        }
      }
    }
  }
}

}  // namespace

const DockerfileRule kCurlPipeShellRule{&kPipeMeta, check_pipe};
const DockerfileRule kAddRemoteRule{&kAddMeta, check_add};
const DockerfileRule kInsecureTlsRule{&kTlsMeta, check_tls};
const DockerfileRule kGitCloneHttpRule{&kGitMeta, check_git};

}  // namespace bulwark::rules::dockerfile
