#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dockerfile/parser.h"
#include "dockerfile/shell_commands.h"
#include "rules/dockerfile/command_view.h"
#include "rules/finding.h"
#include "rules/rule_meta.h"
#include "secrets/secret_scanner.h"

namespace bulwark::rules::dockerfile {

namespace df = bulwark::dockerfile;

/// The commands one RUN runs (an ONBUILD RUN trigger counts: it runs in every image built on this one).
struct RunView {
  std::size_t index = 0;  // index in Dockerfile::instructions of the RUN (or of its ONBUILD)
  const df::Instruction* run = nullptr;
  df::ShellScript script;
  std::vector<Words> programs;                          // program_argv() of each command, computed once
  std::vector<std::optional<PackageInstall>> packages;  // package_command() of each command, computed once
  std::vector<std::string_view>
      names;  // base_name() of each program_argv()[0] ("" when none): every rule asks

  /// program_argv() of `command`, one of script.commands.
  Words program(const df::SimpleCommand& command) const { return programs[slot(command)]; }
  /// package_command() of `command`, one of script.commands.
  const std::optional<PackageInstall>& package(const df::SimpleCommand& command) const {
    return packages[slot(command)];
  }
  /// base_name() of program(command)[0], or "" when the command runs no program.
  std::string_view name(const df::SimpleCommand& command) const { return names[slot(command)]; }

 private:
  std::size_t slot(const df::SimpleCommand& command) const {
    return static_cast<std::size_t>(&command - script.commands.data());
  }
};

/// A credential written into the Dockerfile (ENV/ARG/LABEL values, RUN/CMD text, heredocs).
struct SecretValue {
  df::Position pos;
  std::string field;  // e.g. "ENV DB_PASSWORD", "RUN"
  secrets::SecretKind kind;
  std::string secret;
};

/// What a Dockerfile rule sees: the parsed file, its text and name, the shell commands of every RUN, and a
/// way to turn parser positions into finding locations.
class DockerfileContext {
 public:
  /// `file` is what df::parse() made of `text`; both must outlive the context.
  DockerfileContext(std::string_view file_name, std::string_view text, const df::Dockerfile& file,
                    const df::ParseOptions& options = {});
  // RunView caches point into the scripts this object owns: copies would dangle.
  DockerfileContext(const DockerfileContext&) = delete;
  DockerfileContext& operator=(const DockerfileContext&) = delete;

  const df::Dockerfile& file() const { return file_; }
  std::string_view file_name() const { return file_name_; }
  const std::vector<RunView>& runs() const { return runs_; }
  /// Every credential in the file, found once: the secret rule reports them and every finding's text is
  /// masked with them.
  const std::vector<SecretValue>& secrets() const { return secrets_; }
  const df::Variables& build_args() const { return options_.build_args; }

  /// Index of the stage that becomes the image (the last one), or -1 when there is none.
  int final_stage() const { return static_cast<int>(file_.stages.size()) - 1; }
  /// The final stage and the earlier stages it is built FROM, nearest first (found once: rules ask for it
  /// per command).
  const std::vector<int>& final_stage_chain() const { return final_chain_; }

  /// A location for `pos` (columns become code points), with that line as the snippet.
  Location location(df::Position pos) const;
  /// The text of a 1-based line (without its newline), or "" past the end.
  std::string_view line_text(std::uint32_t line) const;

  /// A finding for `rule` at `pos`; `field` names the instruction or part (`RUN`, `FROM`, `ENV DB_PASSWORD`).
  Finding finding(const RuleMeta& rule, df::Position pos, std::string field, std::string message) const;

 private:
  std::string_view file_name_;
  std::string_view text_;
  const df::Dockerfile& file_;
  df::ParseOptions options_;  // a copy: callers may pass a temporary
  std::vector<RunView> runs_;
  std::vector<SecretValue> secrets_;
  std::vector<int> final_chain_;
};

/// Every credential the secret rule reports in `context`'s file (DockerfileContext::secrets() holds them).
std::vector<SecretValue> find_secrets(const DockerfileContext& context);
/// Replaces each occurrence of the given secrets in `text` by its masked form.
void mask_secrets(std::string& text, std::span<const SecretValue> secrets_found);

/// A check over one Dockerfile.
using DockerfileCheck = void (*)(const DockerfileContext&, FindingSink&);
struct DockerfileRule {
  const RuleMeta* meta;
  DockerfileCheck check;
};

/// Every built-in Dockerfile rule.
std::span<const DockerfileRule> dockerfile_rules();

/// Which Dockerfile rules to run.
struct DockerfileScanOptions {
  bool include_disabled = false;  // also run rules that are off by default (unpinned package versions)
  df::ParseOptions parse;         // build args, for base-image resolution
};

/// Parses `text`, runs the rules and drops findings suppressed with `# bulwark:ignore <id>[,<id>...] --
/// <reason>` on the comment lines right above the instruction. Parse errors are not findings: read them from
/// parse() (the engine reports them as load errors).
std::vector<Finding> check_dockerfile(std::string_view file_name, std::string_view text,
                                      const DockerfileScanOptions& options = {});

/// Runs the rules over an already parsed file (same suppression rules).
std::vector<Finding> check_dockerfile(const DockerfileContext& context, bool include_disabled = false);

/// Runs only `rules` over an already parsed file (same masking and suppression). A caller that keeps only
/// some rules' findings passes just those, so the others cost nothing.
std::vector<Finding> check_dockerfile(const DockerfileContext& context,
                                      std::span<const DockerfileRule> rules);

}  // namespace bulwark::rules::dockerfile
