#include <fmt/format.h>

#include "rules/pss/pod_fields.h"
#include "rules/pss/pss_check.h"
#include "rules/pss/references.h"

namespace bulwark::rules::pss {
namespace {

constexpr Reference kRefs[] = {kPssPage, kCisBenchmark, kNsaCisaGuide, kMitreEscapeToHost};

constexpr RuleMeta kMeta{
    .id = "PSS-hostPathVolumes",
    .severity = Severity::High,
    .family = Family::PodSecurity,
    .title = "hostPath volumes",
    .why =
        "A hostPath volume mounts a directory of the node into the container. Mounting /, /etc, "
        "/var/lib/kubelet "
        "or the container runtime's socket hands the node to whoever controls the container: they can read "
        "other pods' secrets, plant cron jobs or start privileged containers.",
    .fix = "volumes:\n- name: data\n  emptyDir: {}   # or a persistentVolumeClaim, configMap, secret, ...",
    .references = kRefs,
};

// 1.0+: no volume may be a hostPath volume.
void host_path_volumes_1_0(const PodCheckRun& run) {
  const doc::Node* volumes = field(&run.pod().spec(), "volumes");
  if (!volumes || !volumes->is_sequence()) return;
  std::size_t index = 0;
  for (const doc::Node* volume : volumes->items()) {
    if (const doc::Node* host_path = field(volume, "hostPath"))
      run.report(host_path, run.pod().field_path(fmt::format("volumes[{}].hostPath", index)),
                 "hostPath volumes", "volume " + quote(string_field(volume, "name").value_or("")));
    ++index;
  }
}

constexpr VersionedCheck kVersions[] = {{0, host_path_volumes_1_0}};

}  // namespace

const PssCheck kHostPathVolumesCheck{&kMeta, "hostPathVolumes", PssLevel::Baseline, kVersions};

}  // namespace bulwark::rules::pss
