#pragma once

#include <vector>

#include "k8s/pod_spec_view.h"
#include "rules/finding.h"
#include "rules/pss/pss_rules.h"
#include "server/namespace_policy.h"

namespace bulwark::server {

/// The Pod Security Standards checks for one request. Pod Security Admission evaluates each mode
/// (enforce, warn, audit) on its own; here the checks run once per version for every level the
/// modes read at that version, and each mode reads its own findings back.
class PodSecurityRuns {
 public:
  /// Asks for `setting`'s level at its version (privileged asks for nothing).
  void read(const LevelVersion& setting);
  /// Runs `checks` for everything asked for.
  void run(const k8s::PodSpecView& pod, const rules::pss::CheckSet& checks,
           rules::FindingSink::Detail detail);
  /// What the checks report at `setting`, in pss::evaluate's order: empty for privileged or a
  /// setting that was not read.
  std::vector<const rules::Finding*> violations(const LevelVersion& setting) const;

 private:
  struct Run {
    rules::PssVersion version;
    rules::pss::LevelSet levels;
    rules::pss::LeveledFindings found;
  };
  std::vector<Run> runs_;  // one per effective version: usually one, at most three
};

}  // namespace bulwark::server
