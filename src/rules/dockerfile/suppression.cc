#include <algorithm>

#include "rules/dockerfile/dockerfile_rule.h"

namespace bulwark::rules::dockerfile {
namespace {

constexpr std::string_view kTag = "bulwark:ignore";

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == ',';
}

// `bulwark:ignore ID[,ID...] [-- reason]`: does it name `id`?
bool ignores(std::string_view comment, std::string_view id) {
  if (!comment.starts_with(kTag)) return false;
  std::string_view rest = comment.substr(kTag.size());
  if (const auto reason = rest.find("--"); reason != std::string_view::npos) rest = rest.substr(0, reason);
  std::size_t i = 0;
  while (i < rest.size()) {
    while (i < rest.size() && is_space(rest[i])) ++i;
    const std::size_t start = i;
    while (i < rest.size() && !is_space(rest[i])) ++i;
    if (rest.substr(start, i - start) == id) return true;
  }
  return false;
}

struct Span {
  std::uint32_t first;
  std::uint32_t last;
};

}  // namespace

std::vector<Finding> check_dockerfile(const DockerfileContext& context, bool include_disabled) {
  if (include_disabled) return check_dockerfile(context, dockerfile_rules());
  std::vector<DockerfileRule> enabled;
  for (const DockerfileRule& rule : dockerfile_rules())
    if (rule.meta->enabled_by_default) enabled.push_back(rule);
  return check_dockerfile(context, enabled);
}

std::vector<Finding> check_dockerfile(const DockerfileContext& context,
                                      std::span<const DockerfileRule> rules) {
  FindingSink sink;
  for (const DockerfileRule& rule : rules) rule.check(context, sink);
  std::vector<Finding> findings = sink.take();

  // Snippets are source lines: a line holding a credential must not print it, whichever rule reported it.
  const std::vector<SecretValue>& found = context.secrets();
  if (!found.empty())
    for (Finding& f : findings) {
      mask_secrets(f.location.snippet, found);
      mask_secrets(f.message, found);
    }

  const df::Dockerfile& file = context.file();
  // Most files suppress nothing: one pass over the comments spares a search per finding.
  if (std::none_of(file.comments.begin(), file.comments.end(),
                   [](const df::Comment& c) { return c.text.starts_with(kTag); }))
    return findings;
  std::vector<Span> spans;
  for (const df::Instruction& ins : file.instructions) spans.push_back({ins.pos.line, ins.end_line});
  auto suppressed = [&](const Finding& f) {
    const std::uint32_t line = f.location.range.begin.line;
    // The instruction holding the finding; the comment lines right above it (or above the finding's own line,
    // for a comment inside a continued RUN) may suppress it.
    std::vector<std::uint32_t> anchors{line};
    for (const Span& s : spans)
      if (s.first <= line && line <= s.last) anchors.push_back(s.first);
    for (std::uint32_t anchor : anchors) {
      for (std::uint32_t above = anchor; above > 1;) {
        --above;
        auto it = std::find_if(file.comments.begin(), file.comments.end(),
                               [&](const df::Comment& c) { return c.pos.line == above; });
        if (it == file.comments.end()) break;
        if (ignores(it->text, f.rule->id)) return true;
      }
    }
    return false;
  };
  std::erase_if(findings, suppressed);
  return findings;
}

std::vector<Finding> check_dockerfile(std::string_view file_name, std::string_view text,
                                      const DockerfileScanOptions& options) {
  const df::Dockerfile file = df::parse(text, options.parse);
  const DockerfileContext context(file_name, text, file, options.parse);
  return check_dockerfile(context, options.include_disabled);
}

}  // namespace bulwark::rules::dockerfile
