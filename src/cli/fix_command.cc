#include "cli/fix_command.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/exit_code.h"
#include "doc/byte_source.h"
#include "doc/json_loader.h"
#include "doc/yaml_loader.h"
#include "engine/input.h"
#include "fix/file_fixer.h"
#include "fix/netpol_generator.h"
#include "fix/unified_diff.h"

namespace bulwark::cli {
namespace {

constexpr std::size_t kMaxFileBytes = std::size_t{256} << 20;

struct FixFlags {
  std::vector<std::string> paths;
  bool diff = false;
  std::vector<std::string> rules;
  std::vector<std::string> skip;
  bool read_only_root = false;
  bool automount_token = false;
  std::string pin_digests;
  std::string pss_version = "latest";
  bool quiet = false;
};

std::expected<std::string, std::string> read_path(const std::string& path) {
  if (path == "-") {
    doc::FileByteSource in = doc::FileByteSource::standard_input();
    return doc::read_all(in, kMaxFileBytes);
  }
  auto source = doc::FileByteSource::open(path);
  if (!source) return std::unexpected(source.error());
  return doc::read_all(*source, kMaxFileBytes);
}

// Writes next to the file and renames over it, so a crash never leaves half a manifest.
std::expected<void, std::string> write_in_place(const std::string& path, const std::string& text) {
  struct stat st {};
  const bool have_mode = ::stat(path.c_str(), &st) == 0;
  const std::string temporary = path + ".bulwark-fix.tmp";
  {
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(temporary.c_str(), "wb"), &std::fclose);
    if (!file) return std::unexpected("cannot write " + temporary);
    if (std::fwrite(text.data(), 1, text.size(), file.get()) != text.size() || std::fflush(file.get()) != 0) {
      std::remove(temporary.c_str());
      return std::unexpected("cannot write " + temporary);
    }
    if (have_mode) ::fchmod(::fileno(file.get()), st.st_mode & 07777);
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    return std::unexpected("cannot replace " + path);
  }
  return {};
}

void print_result(const std::string& name, const fix::FileFixResult& r, bool quiet, bool dry_run) {
  for (const std::string& n : r.notices)
    std::fprintf(stderr, "bulwark fix: %s: %s\n", name.c_str(), n.c_str());
  if (quiet) return;
  for (const std::string& a : r.applied)
    std::fprintf(stderr, "%s %s: %s\n", dry_run ? "would fix" : "fixed", name.c_str(), a.c_str());
  for (const fix::UnfixedFinding& u : r.unfixed)
    std::fprintf(stderr, "not fixed %s: %s %s %s: %s\n", name.c_str(), u.rule_id.c_str(), u.object.c_str(),
                 u.field_path.c_str(), u.reason.c_str());
}

int run_fix(const FixFlags& flags) {
  const auto version = rules::parse_pss_version(flags.pss_version);
  if (!version) {
    std::fprintf(stderr, "bulwark fix: --pss-version must be latest or v1.N\n");
    return kUsageOrLoadError;
  }
  fix::FileFixOptions options;
  options.context.pss_level = rules::PssLevel::Restricted;
  options.context.pss_version = *version;
  fix::FixSelection& selection = options.settings.selection;
  selection.only = flags.rules;
  selection.skip = flags.skip;
  selection.read_only_root = flags.read_only_root;
  selection.automount_token = flags.automount_token;
  if (!flags.pin_digests.empty()) {
    auto text = read_path(flags.pin_digests);
    auto pins = text ? fix::DigestPins::parse(*text) : std::unexpected(text.error());
    if (!pins) {
      std::fprintf(stderr, "bulwark fix: --pin-digests %s: %s\n", flags.pin_digests.c_str(),
                   pins.error().c_str());
      return kUsageOrLoadError;
    }
    options.settings.pins = std::move(*pins);
    selection.pin_digests = true;
  }

  int code = kClean;
  const bool from_stdin = flags.paths.empty() || (flags.paths.size() == 1 && flags.paths[0] == "-");
  if (from_stdin) {
    auto text = read_path("-");
    if (!text) {
      std::fprintf(stderr, "bulwark fix: <stdin>: %s\n", text.error().c_str());
      return kUsageOrLoadError;
    }
    const fix::FileFixResult r = fix::fix_text("<stdin>", *text, options);
    print_result("<stdin>", r, flags.quiet, flags.diff);
    const std::string out = flags.diff ? fix::unified_diff("<stdin>", *text, r.text) : r.text;
    std::fwrite(out.data(), 1, out.size(), stdout);
    return flags.diff && r.changed ? kFindings : kClean;
  }
  engine::InputList inputs = engine::discover_inputs(flags.paths);
  for (const auto& e : inputs.errors) {
    std::fprintf(stderr, "bulwark fix: %s: %s\n", e.path.c_str(), e.message.c_str());
    code = kUsageOrLoadError;
  }
  for (const engine::Input& input : inputs.inputs) {
    if (input.kind != engine::InputKind::Manifest) continue;
    auto text = read_path(input.path);
    if (!text) {
      std::fprintf(stderr, "bulwark fix: %s: %s\n", input.path.c_str(), text.error().c_str());
      code = kUsageOrLoadError;
      continue;
    }
    const fix::FileFixResult r = fix::fix_text(input.path, *text, options);
    print_result(input.path, r, flags.quiet, flags.diff);
    if (!r.changed) continue;
    if (flags.diff) {
      const std::string patch = fix::unified_diff(input.path, *text, r.text);
      std::fwrite(patch.data(), 1, patch.size(), stdout);
      if (code == kClean) code = kFindings;
    } else if (auto written = write_in_place(input.path, r.text); !written) {
      std::fprintf(stderr, "bulwark fix: %s\n", written.error().c_str());
      code = kUsageOrLoadError;
    }
  }
  return code;
}

void observe_file(const std::string& path, const std::string& text, fix::NetpolGenerator& generator,
                  int& code) {
  auto note = [&](const doc::LoadError& e) {
    std::fprintf(stderr, "bulwark netpol: %s:%u:%u: %s\n", path.c_str(), e.position.line, e.position.column,
                 e.message.c_str());
    code = kUsageOrLoadError;
  };
  auto observe = [&](const doc::Document& d) {
    for (const k8s::Object& o : k8s::Object::in(d)) generator.observe(o);
  };
  if (doc::looks_like_json(text)) {
    auto d = doc::load_json_document(path, text);
    if (d)
      observe(*d);
    else
      note(d.error());
    return;
  }
  doc::MemoryByteSource source(text);
  doc::YamlStreamLoader loader(source, path);
  while (auto d = loader.next()) {
    if (*d)
      observe(**d);
    else
      note(d->error());
  }
}

int run_netpol(const std::vector<std::string>& paths, const std::string& output) {
  fix::NetpolGenerator generator;
  int code = kClean;
  engine::InputList inputs = engine::discover_inputs(paths.empty() ? std::vector<std::string>{"-"} : paths);
  for (const auto& e : inputs.errors) {
    std::fprintf(stderr, "bulwark netpol: %s: %s\n", e.path.c_str(), e.message.c_str());
    code = kUsageOrLoadError;
  }
  for (const engine::Input& input : inputs.inputs) {
    if (input.kind != engine::InputKind::Manifest && input.kind != engine::InputKind::StandardInput) continue;
    auto text = read_path(input.kind == engine::InputKind::StandardInput ? "-" : input.path);
    if (!text) {
      std::fprintf(stderr, "bulwark netpol: %s: %s\n", input.path.c_str(), text.error().c_str());
      code = kUsageOrLoadError;
      continue;
    }
    observe_file(input.path, *text, generator, code);
  }
  for (const std::string& s : generator.skipped())
    std::fprintf(stderr, "bulwark netpol: skipped %s\n", s.c_str());
  const std::string yaml =
      "# NetworkPolicies drafted by `bulwark netpol generate`: review them before applying.\n" +
      generator.render();
  if (output.empty()) {
    std::fwrite(yaml.data(), 1, yaml.size(), stdout);
  } else {
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(output.c_str(), "wb"), &std::fclose);
    if (!file || std::fwrite(yaml.data(), 1, yaml.size(), file.get()) != yaml.size()) {
      std::fprintf(stderr, "bulwark netpol: cannot write %s\n", output.c_str());
      return kUsageOrLoadError;
    }
  }
  return code;
}

}  // namespace

void add_fix_command(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<FixFlags>();
  CLI::App* fix =
      app.add_subcommand("fix", "Rewrite manifests to the secure setting, keeping comments and layout");
  fix->add_option("paths", flags->paths,
                  "Files or directories to fix in place; none or - reads stdin, writes stdout");
  fix->add_flag("--diff", flags->diff,
                "Print a unified diff instead of writing (exit 1 when something would change)");
  fix->add_option("--rules", flags->rules, "Only these fixes (fix names or rule ids)")
      ->delimiter(',')
      ->expected(1);
  fix->add_option("--skip", flags->skip, "Skip these fixes (fix names or rule ids)")
      ->delimiter(',')
      ->expected(1);
  fix->add_flag(
      "--read-only-root", flags->read_only_root,
      "Also set readOnlyRootFilesystem: true, mounting an emptyDir at /tmp (can break apps that write)");
  fix->add_flag(
      "--automount-token", flags->automount_token,
      "Also set automountServiceAccountToken: false on pods whose account no binding in the same file uses");
  fix->add_option("--pin-digests", flags->pin_digests,
                  "File of `IMAGE[:TAG] sha256:DIGEST` lines: replace :latest images with their digest");
  fix->add_option("--pss-version", flags->pss_version, "Pod Security Standards version the findings follow");
  fix->add_flag("-q,--quiet", flags->quiet, "Print only problems, not each fix");
  fix->footer(
      "Fixes: allow-privilege-escalation, privileged, run-as-non-root, drop-capabilities, seccomp-profile,\n"
      "host-namespaces, and with their flag read-only-root, automount-token, image-digest.\n"
      "Values that need a choice (a UID, which ports to allow) are never guessed: the finding stays.\n"
      "Examples:\n  bulwark fix k8s/ --diff\n  helm template app ./chart | bulwark fix - > fixed.yaml\n");
  fix->callback([flags, &exit_code] { exit_code = run_fix(*flags); });

  auto netpol_paths = std::make_shared<std::vector<std::string>>();
  auto netpol_output = std::make_shared<std::string>();
  CLI::App* netpol = app.add_subcommand("netpol", "NetworkPolicy helpers");
  netpol->require_subcommand(1);
  CLI::App* generate = netpol->add_subcommand(
      "generate",
      "Draft default-deny and per-Service allow NetworkPolicies for each namespace (printed for review)");
  generate->add_option("paths", *netpol_paths, "Manifests to read (none or - reads stdin)");
  generate->add_option("-o,--output", *netpol_output, "Write the policies to this file instead of stdout");
  generate->callback(
      [netpol_paths, netpol_output, &exit_code] { exit_code = run_netpol(*netpol_paths, *netpol_output); });
}

}  // namespace bulwark::cli
