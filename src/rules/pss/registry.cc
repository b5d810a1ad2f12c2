#include <algorithm>
#include <array>
#include <utility>

#include "rules/pss/pss_check.h"
#include "rules/pss/pss_rules.h"

namespace bulwark::rules::pss {
namespace {

// PSA's registry order: baseline checks, then restricted ones.
constexpr std::array<const PssCheck*, 19> kChecks{
    &kHostNamespacesCheck,
    &kPrivilegedCheck,
    &kCapabilitiesBaselineCheck,
    &kHostPathVolumesCheck,
    &kHostPortsCheck,
    &kAppArmorProfileCheck,
    &kSeLinuxOptionsCheck,
    &kProcMountCheck,
    &kSeccompProfileBaselineCheck,
    &kSysctlsCheck,
    &kWindowsHostProcessCheck,
    &kHostProbesAndHostLifecycleCheck,
    &kRestrictedVolumesCheck,
    &kAllowPrivilegeEscalationCheck,
    &kRunAsNonRootCheck,
    &kRunAsUserCheck,
    &kSeccompProfileRestrictedCheck,
    &kCapabilitiesRestrictedCheck,
    &kProcMountRestrictedCheck,
};

static_assert(kChecks.size() == kCheckCount);

constexpr std::size_t kMinors = PssVersion::kNewestMinor + 1;

const VersionedCheck* newest_at(const PssCheck& check, uint16_t minor) {
  const VersionedCheck* found = nullptr;
  for (const VersionedCheck& v : check.versions)
    if (v.minimum_minor <= minor) found = &v;
  return found;
}

const VersionedCheck* compute(const PssCheck& check, PssLevel level, uint16_t minor) {
  if (level < check.level) return nullptr;
  const VersionedCheck* v = newest_at(check, minor);
  if (!v || level != PssLevel::Restricted) return v;
  for (const PssCheck* other : kChecks) {
    if (other->level != PssLevel::Restricted) continue;
    const VersionedCheck* o = newest_at(*other, minor);
    if (o && std::ranges::find(o->overrides, check.id) != o->overrides.end()) return nullptr;
  }
  return v;
}

// selected[level][minor][check]: the selection never changes, so it is computed once.
struct Selection {
  std::array<std::array<std::array<const VersionedCheck*, kChecks.size()>, kMinors>, 3> table{};
  Selection() {
    for (std::size_t level = 0; level < 3; ++level)
      for (std::size_t minor = 0; minor < kMinors; ++minor)
        for (std::size_t i = 0; i < kChecks.size(); ++i)
          table[level][minor][i] =
              compute(*kChecks[i], static_cast<PssLevel>(level), static_cast<uint16_t>(minor));
  }
};

const Selection& selection() {
  static const Selection s;
  return s;
}

std::size_t index_of(const PssCheck& check) {
  return static_cast<std::size_t>(std::ranges::find(kChecks, &check) - kChecks.begin());
}

uint16_t clamp_minor(const PssVersion& version) {
  return std::min<uint16_t>(version.effective_minor(), PssVersion::kNewestMinor);
}

void run(std::size_t i, const k8s::PodSpecView& pod, const CheckContext& context, FindingSink& sink) {
  const VersionedCheck* v =
      selection().table[static_cast<std::size_t>(context.pss_level)][clamp_minor(context.pss_version)][i];
  if (v) v->check(PodCheckRun(pod, *kChecks[i]->meta, sink));
}

template <std::size_t I>
void run_object(const k8s::Object& object, const CheckContext& context, FindingSink& sink) {
  if (context.pss_level == PssLevel::Privileged) return;
  std::optional<k8s::PodSpecView> pod = k8s::PodSpecView::of(object);
  if (pod) run(I, *pod, context, sink);
}

template <std::size_t... I>
std::vector<ObjectRule> make_rules(std::index_sequence<I...>) {
  std::vector<ObjectRule> rules{ObjectRule{kChecks[I]->meta, &run_object<I>}...};
  rules.push_back(ObjectRule{&kNamespaceEnforceLabel, &check_namespace_enforce_label});
  return rules;
}

}  // namespace

void PodCheckRun::report(const doc::Node* node, std::string field_path, std::string_view reason,
                         std::string_view detail) const {
  std::string message;
  message.reserve(reason.size() + (detail.empty() ? 0 : detail.size() + 3));
  message += reason;
  if (!detail.empty()) {
    message += " (";
    message += detail;
    message += ')';
  }
  sink_.add(meta_, pod_.object(), node, std::move(field_path), std::move(message));
}

const VersionedCheck* selected_version(const PssCheck& check, PssLevel level, const PssVersion& version) {
  std::size_t i = index_of(check);
  if (i == kChecks.size()) return nullptr;
  return selection().table[static_cast<std::size_t>(level)][clamp_minor(version)][i];
}

std::span<const ObjectRule> object_rules() {
  static const std::vector<ObjectRule> rules = make_rules(std::make_index_sequence<kChecks.size()>{});
  return rules;
}

void evaluate(const k8s::PodSpecView& pod, const CheckContext& context, FindingSink& sink) {
  if (context.pss_level == PssLevel::Privileged) return;
  for (std::size_t i = 0; i < kChecks.size(); ++i) run(i, pod, context, sink);
}

std::optional<std::size_t> check_index(const RuleMeta& rule) {
  for (std::size_t i = 0; i < kChecks.size(); ++i)
    if (kChecks[i]->meta == &rule) return i;
  return std::nullopt;
}

LeveledFindings evaluate_levels(const k8s::PodSpecView& pod, const PssVersion& version, LevelSet levels,
                                const CheckSet& checks, FindingSink::Detail detail) {
  const auto& at_minor = selection().table;
  const std::size_t minor = clamp_minor(version);
  FindingSink sink(detail);
  LeveledFindings out;
  for (std::size_t i = 0; i < kChecks.size(); ++i) {
    if (!checks.test(i)) continue;
    // A check's implementation depends on the version only (newest_at) and never sees the level,
    // so where it applies at several levels it reports the same findings at each: run it once.
    // The baseline checks a restricted one overrides apply at baseline only.
    const VersionedCheck* implementation = nullptr;
    LevelSet reported_at;
    for (PssLevel level : {PssLevel::Baseline, PssLevel::Restricted}) {
      if (!levels.contains(level)) continue;
      if (const VersionedCheck* v = at_minor[static_cast<std::size_t>(level)][minor][i]) {
        implementation = v;
        reported_at.add(level);
      }
    }
    if (!implementation) continue;
    implementation->check(PodCheckRun(pod, *kChecks[i]->meta, sink));
    out.levels.resize(sink.findings().size(), reported_at);
  }
  out.findings = sink.take();
  return out;
}

}  // namespace bulwark::rules::pss
