#include <fmt/format.h>

#include "rules/manifest/manifest_rules.h"

namespace bulwark::rules::manifest {
namespace {

constexpr Reference kReferences[] = {
    {"Kubernetes: strict field validation (duplicate fields)",
     "https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation"},
};

void check(const doc::Document& document, FindingSink& sink) {
  for (const doc::LoadWarning& w : document.warnings()) {
    if (w.kind != doc::LoadWarning::Kind::DuplicateKey) continue;
    Finding f;
    f.rule = &kDuplicateKey;
    f.severity = kDuplicateKey.severity;
    f.message =
        fmt::format("duplicate key \"{}\": Kubernetes keeps this value and ignores the one at line {}", w.key,
                    w.first.line);
    f.field_path = w.path.empty() ? w.key : w.path + "." + w.key;
    f.location = location_of(document, w.range);
    f.related.push_back(RelatedLocation{location_of(document, doc::SourceRange{w.first, w.first}),
                                        "the earlier value, which reviewers and some scanners read"});
    sink.add(std::move(f));
  }
}

}  // namespace

extern const RuleMeta kDuplicateKey{
    .id = "BW-duplicate-key",
    .severity = Severity::High,
    .family = Family::Manifest,
    .title = "Duplicate keys in a mapping",
    .why =
        "When a key appears twice, Kubernetes silently keeps the last value. A reviewer (or a scanner that "
        "reads "
        "the first value) sees `privileged: false` while the cluster runs `privileged: true` written further "
        "down. "
        "Duplicate keys are a known way to smuggle a dangerous setting past review.",
    .fix = "# keep exactly one occurrence of each key\nsecurityContext:\n  privileged: false",
    .references = kReferences,
};

extern const DocumentRule kDuplicateKeyRule{&kDuplicateKey, check};

}  // namespace bulwark::rules::manifest
