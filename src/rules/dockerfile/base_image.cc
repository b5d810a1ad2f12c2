#include "rules/dockerfile/dockerfile_rules.h"
#include "rules/dockerfile/references.h"

namespace bulwark::rules::dockerfile {
namespace {

constexpr Reference kRefs[] = {kBestPractices, kCisDocker, kMitreSupplyChain};

constexpr RuleMeta kLatestMeta{
    .id = "DF-latest-tag",
    .severity = Severity::Medium,
    .family = Family::Dockerfile,
    .title = "Base image without a tag or with :latest",
    .why =
        "`:latest` (or no tag) is whatever the registry serves on the day of the build. Two builds of the "
        "same "
        "commit can ship different operating systems, and a compromised or broken upstream push lands in "
        "your "
        "image without any change on your side.",
    .fix = "FROM debian:12.7-slim@sha256:<digest>",
    .references = kRefs,
};

constexpr RuleMeta kDigestMeta{
    .id = "DF-unpinned-digest",
    .severity = Severity::Low,
    .family = Family::Dockerfile,
    .title = "Base image not pinned by digest",
    .why =
        "Tags are mutable: the publisher (or anyone who takes over the repository) can point `debian:12` at "
        "new content. Only a digest (`@sha256:...`) names exactly the bytes you reviewed; tools like "
        "Renovate "
        "or Dependabot keep digests up to date.",
    .fix = "FROM debian:12.7-slim@sha256:<digest>",
    .references = kRefs,
};

struct ImageRef {
  std::string_view name;
  std::string_view tag;  // empty when absent
  bool digest = false;
};

ImageRef parse_ref(std::string_view ref) {
  ImageRef out;
  if (const auto at = ref.find('@'); at != std::string_view::npos) {
    out.digest = ref.substr(at + 1).starts_with("sha256:") || ref.substr(at + 1).starts_with("sha512:");
    ref = ref.substr(0, at);
  }
  const auto slash = ref.rfind('/');
  const auto colon = ref.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    out.tag = ref.substr(colon + 1);
    ref = ref.substr(0, colon);
  }
  out.name = ref;
  return out;
}

// Stages built on images (not on earlier stages, not on scratch), with a base that resolved.
template <typename F>
void for_each_image_stage(const DockerfileContext& ctx, F&& f) {
  for (const df::Stage& stage : ctx.file().stages) {
    if (stage.base_stage >= 0 || stage.base_unresolved || stage.base_resolved.empty()) continue;
    std::string lower = stage.base_resolved;
    for (char& c : lower) c = static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
    if (lower == "scratch") continue;
    f(stage, parse_ref(stage.base_resolved));
  }
}

std::string described(const df::Stage& stage) {
  std::string out = "\"" + stage.base_resolved + "\"";
  if (stage.base.text != stage.base_resolved) out += " (from " + stage.base.text + ")";
  if (!stage.name.empty()) out += " of stage " + stage.name;
  return out;
}

void check_latest(const DockerfileContext& ctx, FindingSink& sink) {
  for_each_image_stage(ctx, [&](const df::Stage& stage, const ImageRef& ref) {
    if (ref.digest) return;
    if (ref.tag.empty())
      sink.add(ctx.finding(kLatestMeta, stage.base.pos, "FROM",
                           "base image " + described(stage) + " has no tag, so it means :latest"));
    else if (ref.tag == "latest")
      sink.add(ctx.finding(kLatestMeta, stage.base.pos, "FROM",
                           "base image " + described(stage) + " uses :latest"));
  });
}

void check_digest(const DockerfileContext& ctx, FindingSink& sink) {
  for_each_image_stage(ctx, [&](const df::Stage& stage, const ImageRef& ref) {
    if (!ref.digest)
      sink.add(ctx.finding(kDigestMeta, stage.base.pos, "FROM",
                           "base image " + described(stage) + " is not pinned by digest (@sha256:...)"));
  });
}

}  // namespace

const DockerfileRule kLatestTagRule{&kLatestMeta, check_latest};
const DockerfileRule kUnpinnedDigestRule{&kDigestMeta, check_digest};

}  // namespace bulwark::rules::dockerfile
