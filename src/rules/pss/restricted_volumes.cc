#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "rules/pss/pod_fields.h"
#include "rules/pss/pss_check.h"
#include "rules/pss/references.h"

namespace bulwark::rules::pss {
namespace {

constexpr Reference kRefs[] = {kPssPage, kCisBenchmark, kNsaCisaGuide, kMitreEscapeToHost};

constexpr RuleMeta kMeta{
    .id = "PSS-restrictedVolumes",
    .severity = Severity::Medium,
    .family = Family::PodSecurity,
    .title = "Volume types outside the restricted set",
    .why =
        "Besides hostPath, volume types such as nfs, iscsi, rbd, gitRepo or flexVolume make the node mount "
        "storage or run drivers chosen by the pod author, with the node's credentials and network position. "
        "The restricted level allows only volumes that Kubernetes manages for the pod: configMap, csi, "
        "downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret.",
    .fix =
        "volumes:\n- name: data\n  persistentVolumeClaim:\n    claimName: data   # storage goes through a "
        "PVC",
    .references = kRefs,
};

// Every volume source of the core API that the restricted level forbids, in PSA's order.
constexpr std::array<std::string_view, 21> kRestricted{"hostPath",
                                                       "gcePersistentDisk",
                                                       "awsElasticBlockStore",
                                                       "gitRepo",
                                                       "nfs",
                                                       "iscsi",
                                                       "glusterfs",
                                                       "rbd",
                                                       "flexVolume",
                                                       "cinder",
                                                       "cephfs",
                                                       "flocker",
                                                       "fc",
                                                       "azureFile",
                                                       "vsphereVolume",
                                                       "quobyte",
                                                       "azureDisk",
                                                       "photonPersistentDisk",
                                                       "portworxVolume",
                                                       "scaleIO",
                                                       "storageos"};

// 1.0+ (amended in place upstream: image volumes are allowed at every version): only
// configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and
// secret volumes. A volume without a known source is defaulted to emptyDir by the API server.
void restricted_volumes_1_0(const PodCheckRun& run) {
  const doc::Node* volumes = field(&run.pod().spec(), "volumes");
  if (!volumes || !volumes->is_sequence()) return;
  std::size_t index = 0;
  for (const doc::Node* volume : volumes->items()) {
    // The first restricted source in PSA's order that the volume sets: its few keys are matched
    // against the list, rather than the list's 21 names looked up in every volume.
    std::size_t first = kRestricted.size();
    if (volume->is_mapping())
      for (const doc::MapEntry& e : volume->entries()) {
        const auto it = std::ranges::find(kRestricted, e.name);
        const auto at = static_cast<std::size_t>(it - kRestricted.begin());
        if (at < first && field(volume, e.name)) first = at;
      }
    if (first < kRestricted.size()) {
      const std::string_view type = kRestricted[first];
      run.report(field(volume, type), run.pod().field_path(fmt::format("volumes[{}].{}", index, type)),
                 "restricted volume types",
                 fmt::format("volume {} uses restricted volume type {}",
                             quote(string_field(volume, "name").value_or("")), quote(type)));
    }
    ++index;
  }
}

constexpr std::string_view kOverrides[] = {"hostPathVolumes"};
constexpr VersionedCheck kVersions[] = {{0, restricted_volumes_1_0, kOverrides}};

}  // namespace

const PssCheck kRestrictedVolumesCheck{&kMeta, "restrictedVolumes", PssLevel::Restricted, kVersions};

}  // namespace bulwark::rules::pss
