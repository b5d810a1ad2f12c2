#include "server/pod_security_runs.h"

namespace bulwark::server {

void PodSecurityRuns::read(const LevelVersion& setting) {
  if (setting.level == rules::PssLevel::Privileged) return;
  // The checks in force depend on the effective version only ("latest" is the newest minor).
  for (Run& r : runs_)
    if (r.version.effective_minor() == setting.version.effective_minor()) return r.levels.add(setting.level);
  runs_.push_back({setting.version, {}, {}});
  runs_.back().levels.add(setting.level);
}

void PodSecurityRuns::run(const k8s::PodSpecView& pod, const rules::pss::CheckSet& checks,
                          rules::FindingSink::Detail detail) {
  for (Run& r : runs_) r.found = rules::pss::evaluate_levels(pod, r.version, r.levels, checks, detail);
}

std::vector<const rules::Finding*> PodSecurityRuns::violations(const LevelVersion& setting) const {
  std::vector<const rules::Finding*> out;
  for (const Run& r : runs_) {
    if (r.version.effective_minor() != setting.version.effective_minor()) continue;
    for (std::size_t i = 0; i < r.found.findings.size(); ++i)
      if (r.found.levels[i].contains(setting.level)) out.push_back(&r.found.findings[i]);
  }
  return out;
}

}  // namespace bulwark::server
