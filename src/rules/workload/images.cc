// Image references: mutable tags let what runs differ from what was reviewed.
#include <fmt/format.h>

#include "rules/citations/citations.h"
#include "rules/workload/pod_rule_support.h"
#include "rules/workload/workload_rules.h"

namespace bulwark::rules::workload {
namespace {
using namespace citations;

constexpr Reference kRefsImages[] = {kImages, kNsa, kMitreImplantImage};

struct ImageRef {
  std::string_view tag;  // "" when none
  bool digest = false;
};

// registry[:port]/path[:tag][@digest]: the tag is after the last ':' of the last path component.
ImageRef parse_image(std::string_view image) {
  ImageRef ref;
  if (auto at = image.find('@'); at != std::string_view::npos) {
    ref.digest = true;
    image = image.substr(0, at);
  }
  const std::size_t slash = image.rfind('/');
  const std::size_t colon = image.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash))
    ref.tag = image.substr(colon + 1);
  return ref;
}

// Templated or variable images are resolved elsewhere; judging the template would be noise.
bool is_concrete(std::string_view image) {
  return !image.empty() && image.find('$') == std::string_view::npos &&
         image.find("{{") == std::string_view::npos;
}

template <typename Fn>
void for_each_image(const k8s::Object& object, Fn&& fn) {
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return;
  for (const auto& c : pod->every_container()) {
    const doc::Node* image = c.field(k8s::ContainerField::Image);
    if (!image || !image->as_string() || !is_concrete(*image->as_string())) continue;
    fn(c, *image, parse_image(*image->as_string()));
  }
}

}  // namespace

extern const RuleMeta kImageLatestTag{
    .id = "BW-workload-image-latest-tag",
    .severity = Severity::Medium,
    .family = Family::Workload,
    .title = "Image uses the latest tag or no tag",
    .why =
        "`:latest` (or no tag, which means latest) names whatever was pushed last. Anyone who can push to "
        "the "
        "repository, including an attacker with a leaked registry token, changes what your cluster runs at "
        "the next restart, and you cannot tell which version is running or roll back to a known one.",
    .fix = "image: registry.example.com/app:1.4.2@sha256:<digest>",
    .references = kRefsImages,
};
void check_image_latest_tag(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  for_each_image(object, [&](const k8s::ContainerView& c, const doc::Node& image, const ImageRef& ref) {
    if (ref.digest || (!ref.tag.empty() && ref.tag != "latest")) return;
    sink.add(kImageLatestTag, object, &image, c.field_path("image"),
             fmt::format("{} uses image \"{}\" {}", describe(c), image.text(),
                         ref.tag.empty() ? "without a tag (latest)" : "with the mutable latest tag"));
  });
}

extern const RuleMeta kImageDigest{
    .id = "BW-workload-image-digest",
    .severity = Severity::Low,
    .family = Family::Workload,
    .title = "Image is not pinned by digest",
    .why =
        "A tag is a pointer the registry lets anyone with push rights move. Pinning the sha256 digest makes "
        "the "
        "image immutable: the cluster runs exactly the bytes that were scanned and reviewed, and a "
        "compromised registry account cannot swap them.",
    .fix = "image: registry.example.com/app:1.4.2@sha256:<digest>",
    .references = kRefsImages,
};
void check_image_digest(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  for_each_image(object, [&](const k8s::ContainerView& c, const doc::Node& image, const ImageRef& ref) {
    if (ref.digest) return;
    sink.add(kImageDigest, object, &image, c.field_path("image"),
             fmt::format("{} uses image \"{}\" without a @sha256 digest", describe(c), image.text()));
  });
}

extern const RuleMeta kImagePullPolicy{
    .id = "BW-workload-image-pull-policy",
    .severity = Severity::Low,
    .family = Family::Workload,
    .title = "latest (or untagged) image with a pull policy other than Always",
    .why =
        "With IfNotPresent or Never, a node reuses whatever image it cached under that tag. A pod then runs "
        "a "
        "stale or tampered image, and a private image cached by one tenant's pod can be started by another "
        "pod that has no pull credentials. Pin a digest, or pull Always.",
    .fix = "image: registry.example.com/app:1.4.2@sha256:<digest>\n# or\nimagePullPolicy: Always",
    .references = kRefsImages,
};
void check_image_pull_policy(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  for_each_image(object, [&](const k8s::ContainerView& c, const doc::Node&, const ImageRef& ref) {
    // Versioned tags are the digest rule's business; `latest` is the tag that moves by design.
    if (ref.digest || (!ref.tag.empty() && ref.tag != "latest")) return;
    const doc::Node* policy = c.field(k8s::ContainerField::ImagePullPolicy);
    if (!policy || policy->text() == "Always") return;
    sink.add(
        kImagePullPolicy, object, policy, c.field_path("imagePullPolicy"),
        fmt::format("{} runs the moving latest tag with imagePullPolicy: {}", describe(c), policy->text()));
  });
}

}  // namespace bulwark::rules::workload
