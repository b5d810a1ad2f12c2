// One table per Pod Security Admission check: the field values PSA's check_*.go and the Pod
// Security Standards page allow or forbid at each version, with the position, field path and
// message of every finding.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pss_test_support.h"

namespace bulwark::rules::pss::testing {
namespace {

using ::testing::ElementsAreArray;

struct Case {
  std::string name;
  std::string yaml;
  PssLevel level;
  std::string version;
  std::vector<std::string> expected;
};

std::ostream& operator<<(std::ostream& os, const Case& c) {
  return os << c.name;
}

// A pod that passes restricted at every version (lines 1-16); cases append lines 17+.
const std::string kRestrictedPod = R"(apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile:
      type: RuntimeDefault
  containers:
  - name: app
    image: nginx
    securityContext:
      allowPrivilegeEscalation: false
      capabilities:
        drop: ["ALL"]
)";

// A pod header for baseline cases: the spec starts on line 5.
const std::string kPodHeader = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n";

constexpr PssLevel B = PssLevel::Baseline;
constexpr PssLevel R = PssLevel::Restricted;

std::vector<Case> cases() {
  return {
      // privileged
      {"privileged_true",
       kPodHeader + R"(spec:
  containers:
  - name: app
    image: nginx
    securityContext:
      privileged: true
)",
       B,
       "latest",
       {"PSS-privileged 10:19 spec.containers[0].securityContext.privileged | privileged (container \"app\" "
        "must "
        "not set securityContext.privileged=true)"}},
      {"privileged_yes_is_a_yaml11_bool_in_init_container",
       kPodHeader + R"(spec:
  initContainers:
  - name: setup
    securityContext: {privileged: yes}
  containers:
  - name: app
)",
       B,
       "v1.0",
       {"PSS-privileged 8:35 spec.initContainers[0].securityContext.privileged | privileged (container "
        "\"setup\" "
        "must not set securityContext.privileged=true)"}},
      {"privileged_false_passes",
       kPodHeader + R"(spec:
  containers:
  - name: app
    securityContext:
      privileged: false
)",
       B,
       "latest",
       {}},

      // hostNamespaces
      {"host_namespaces",
       kPodHeader + R"(spec:
  hostNetwork: true
  hostPID: true
  hostIPC: false
  containers:
  - name: app
)",
       B,
       "latest",
       {"PSS-hostNamespaces 6:16 spec.hostNetwork | host namespaces (hostNetwork=true)",
        "PSS-hostNamespaces 7:12 spec.hostPID | host namespaces (hostPID=true)"}},

      // hostPathVolumes, and restrictedVolumes overriding it at the restricted level
      {"host_path_volume_baseline",
       kPodHeader + R"(spec:
  containers:
  - name: app
  volumes:
  - name: cache
    emptyDir: {}
  - name: root
    hostPath:
      path: /
)",
       B,
       "latest",
       {"PSS-hostPathVolumes 13:7 spec.volumes[1].hostPath | hostPath volumes (volume \"root\")"}},
      {"host_path_volume_restricted_is_reported_by_restrictedVolumes",
       kRestrictedPod + R"(  volumes:
  - name: root
    hostPath:
      path: /
)",
       R,
       "v1.0",
       {"PSS-restrictedVolumes 20:7 spec.volumes[0].hostPath | restricted volume types (volume \"root\" uses "
        "restricted volume type \"hostPath\")"}},

      // hostPorts
      {"host_port",
       kPodHeader + R"(spec:
  containers:
  - name: app
    ports:
    - containerPort: 80
      hostPort: 0
    - containerPort: 443
      hostPort: 443
)",
       B,
       "latest",
       {"PSS-hostPorts 12:17 spec.containers[0].ports[1].hostPort | hostPort (container \"app\" uses "
        "hostPort "
        "443)"}},

      // hostProbesAndHostLifecycle: from v1.34 only
      {"probe_host_before_1_34_passes",
       kPodHeader + R"(spec:
  containers:
  - name: app
    livenessProbe:
      httpGet:
        host: 169.254.169.254
        port: 80
)",
       B,
       "v1.33",
       {}},
      {"probe_host_1_34",
       kPodHeader + R"(spec:
  containers:
  - name: app
    livenessProbe:
      httpGet:
        host: 169.254.169.254
        port: 80
    lifecycle:
      preStop:
        tcpSocket:
          host: 10.0.0.1
          port: 22
)",
       B,
       "v1.34",
       {"PSS-hostProbesAndHostLifecycle 10:15 spec.containers[0].livenessProbe.httpGet.host | probe or "
        "lifecycle host (container \"app\" uses probe or lifecycle hosts \"10.0.0.1\", "
        "\"169.254.169.254\")"}},
      {"probe_empty_host_passes",
       kPodHeader + R"(spec:
  containers:
  - name: app
    readinessProbe:
      tcpSocket:
        host: ""
        port: 80
)",
       B,
       "latest",
       {}},

      // capabilities_baseline, and capabilities_restricted overriding it from v1.22
      {"capabilities_baseline",
       kPodHeader + R"(spec:
  containers:
  - name: app
    securityContext:
      capabilities:
        add: [CHOWN, SYS_ADMIN, NET_ADMIN]
)",
       B,
       "latest",
       {"PSS-capabilities_baseline 10:22 spec.containers[0].securityContext.capabilities.add[1] | "
        "non-default "
        "capabilities (container \"app\" must not include \"NET_ADMIN\", \"SYS_ADMIN\" in "
        "securityContext.capabilities.add)"}},
      {"capabilities_baseline_at_restricted_before_1_22",
       kRestrictedPod + R"(        add: [NET_RAW]
)",
       R,
       "v1.21",
       {"PSS-capabilities_baseline 17:15 spec.containers[0].securityContext.capabilities.add[0] | "
        "non-default "
        "capabilities (container \"app\" must not include \"NET_RAW\" in securityContext.capabilities.add)"}},
      {"capabilities_restricted_overrides_baseline_from_1_22",
       kRestrictedPod + R"(        add: [NET_RAW]
)",
       R,
       "v1.22",
       {"PSS-capabilities_restricted 17:15 spec.containers[0].securityContext.capabilities.add[0] | "
        "unrestricted capabilities (container \"app\" must not include \"NET_RAW\" in "
        "securityContext.capabilities.add)"}},
      {"capabilities_restricted_drop_lowercase_all_is_not_ALL",
       kPodHeader + R"(spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile: {type: RuntimeDefault}
  containers:
  - name: app
    securityContext:
      allowPrivilegeEscalation: false
      capabilities:
        drop: [all]
        add: [NET_BIND_SERVICE]
)",
       R,
       "latest",
       {"PSS-capabilities_restricted 14:15 spec.containers[0].securityContext.capabilities.drop | "
        "unrestricted "
        "capabilities (container \"app\" must set securityContext.capabilities.drop=[\"ALL\"])"}},
      {"capabilities_restricted_windows_exempt_from_1_25",
       kPodHeader + R"(spec:
  os: {name: windows}
  securityContext:
    runAsNonRoot: true
  containers:
  - name: app
)",
       R,
       "v1.25",
       {}},
      {"capabilities_restricted_windows_not_exempt_before_1_25",
       kPodHeader + R"(spec:
  os: {name: windows}
  securityContext:
    runAsNonRoot: true
    seccompProfile: {type: RuntimeDefault}
  containers:
  - name: app
    securityContext:
      allowPrivilegeEscalation: false
)",
       R,
       "v1.24",
       {"PSS-capabilities_restricted 13:7 spec.containers[0].securityContext.capabilities.drop | "
        "unrestricted "
        "capabilities (container \"app\" must set securityContext.capabilities.drop=[\"ALL\"])"}},

      // appArmorProfile: fields and annotations, at every version
      {"app_armor_field_and_annotation",
       R"(apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    container.apparmor.security.beta.kubernetes.io/app: unconfined
    container.apparmor.security.beta.kubernetes.io/side: localhost/custom
spec:
  securityContext:
    appArmorProfile:
      type: Unconfined
  containers:
  - name: app
    securityContext:
      appArmorProfile:
        type: Localhost
        localhostProfile: custom
)",
       B,
       "v1.0",
       {"PSS-appArmorProfile 11:13 spec.securityContext.appArmorProfile.type | forbidden AppArmor profile "
        "(pod "
        "must not set AppArmor profile type to \"Unconfined\")",
        "PSS-appArmorProfile 6:57 "
        "metadata.annotations[\"container.apparmor.security.beta.kubernetes.io/app\"] | "
        "forbidden AppArmor profile (annotation container.apparmor.security.beta.kubernetes.io/app="
        "\"unconfined\")"}},
      {"app_armor_container_unconfined",
       kPodHeader + R"(spec:
  securityContext:
    appArmorProfile: {type: RuntimeDefault}
  containers:
  - name: app
    securityContext:
      appArmorProfile:
        type: Unconfined
)",
       B,
       "latest",
       {"PSS-appArmorProfile 12:15 spec.containers[0].securityContext.appArmorProfile.type | forbidden "
        "AppArmor "
        "profile (container \"app\" must not set AppArmor profile type to \"Unconfined\")"}},

      // seLinuxOptions: container_engine_t from v1.31; user and role never
      {"selinux_engine_type_before_1_31",
       kPodHeader + R"(spec:
  containers:
  - name: app
    securityContext:
      seLinuxOptions:
        type: container_engine_t
        user: sysadm_u
)",
       B,
       "v1.30",
       {"PSS-seLinuxOptions 10:15 spec.containers[0].securityContext.seLinuxOptions.type | seLinuxOptions "
        "(container \"app\" set forbidden securityContext.seLinuxOptions: type \"container_engine_t\"; user "
        "may "
        "not be set)"}},
      {"selinux_engine_type_from_1_31",
       kPodHeader + R"(spec:
  containers:
  - name: app
    securityContext:
      seLinuxOptions:
        type: container_engine_t
        user: sysadm_u
)",
       B,
       "v1.31",
       {"PSS-seLinuxOptions 11:15 spec.containers[0].securityContext.seLinuxOptions.user | seLinuxOptions "
        "(container \"app\" set forbidden securityContext.seLinuxOptions: user may not be set)"}},
      {"selinux_level_is_allowed",
       kPodHeader + R"(spec:
  securityContext:
    seLinuxOptions: {level: "s0:c123,c456", type: container_t}
  containers:
  - name: app
)",
       B,
       "latest",
       {}},

      // procMount: baseline relaxes for user-namespace pods from v1.35; restricted does not
      {"proc_mount_baseline_1_34",
       kRestrictedPod + "      procMount: Unmasked\n  hostUsers: false\n",
       B,
       "v1.34",
       {"PSS-procMount 17:18 spec.containers[0].securityContext.procMount | procMount (container \"app\" "
        "must not "
        "set securityContext.procMount to \"Unmasked\")"}},
      {"proc_mount_baseline_user_namespace_1_35",
       kRestrictedPod + "      procMount: Unmasked\n  hostUsers: false\n",
       B,
       "v1.35",
       {}},
      {"proc_mount_baseline_host_users_1_35",
       kRestrictedPod + "      procMount: Unmasked\n  hostUsers: true\n",
       B,
       "v1.35",
       {"PSS-procMount 17:18 spec.containers[0].securityContext.procMount | procMount (container \"app\" "
        "must not "
        "set securityContext.procMount to \"Unmasked\")"}},
      {"proc_mount_restricted_1_34_is_baseline_check",
       kRestrictedPod + "      procMount: Unmasked\n  hostUsers: false\n",
       R,
       "v1.34",
       {"PSS-procMount 17:18 spec.containers[0].securityContext.procMount | procMount (container \"app\" "
        "must not "
        "set securityContext.procMount to \"Unmasked\")"}},
      {"proc_mount_restricted_1_35_overrides",
       kRestrictedPod + "      procMount: Unmasked\n  hostUsers: false\n",
       R,
       "v1.35",
       {"PSS-procMount_restricted 17:18 spec.containers[0].securityContext.procMount | procMount (container "
        "\"app\" must not set securityContext.procMount to \"Unmasked\")"}},
      {"proc_mount_default_passes", kRestrictedPod + "      procMount: Default\n", R, "latest", {}},

      // seccompProfile_baseline: annotations before v1.19, fields from v1.19
      {"seccomp_annotations_1_18",
       R"(apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    seccomp.security.alpha.kubernetes.io/pod: unconfined
    container.seccomp.security.alpha.kubernetes.io/app: runtime/default
    container.seccomp.security.alpha.kubernetes.io/gone: unconfined
spec:
  containers:
  - name: app
)",
       B,
       "v1.18",
       {"PSS-seccompProfile_baseline 6:47 metadata.annotations[\"seccomp.security.alpha.kubernetes.io/pod\"] "
        "| "
        "seccompProfile (forbidden annotation seccomp.security.alpha.kubernetes.io/pod=\"unconfined\")"}},
      {"seccomp_annotations_ignored_from_1_19",
       R"(apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    seccomp.security.alpha.kubernetes.io/pod: unconfined
spec:
  containers:
  - name: app
)",
       B,
       "v1.19",
       {}},
      {"seccomp_field_1_19",
       kPodHeader + R"(spec:
  containers:
  - name: app
    securityContext:
      seccompProfile:
        type: Unconfined
)",
       B,
       "v1.19",
       {"PSS-seccompProfile_baseline 10:15 spec.containers[0].securityContext.seccompProfile.type | "
        "seccompProfile (container \"app\" must not set securityContext.seccompProfile.type to "
        "\"Unconfined\")"}},
      {"seccomp_field_ignored_before_1_19",
       kPodHeader + R"(spec:
  containers:
  - name: app
    securityContext:
      seccompProfile:
        type: Unconfined
)",
       B,
       "v1.18",
       {}},

      {"seccomp_annotation_allowlist_1_18",
       R"(apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    seccomp.security.alpha.kubernetes.io/pod: docker/default
    container.seccomp.security.alpha.kubernetes.io/app: ""
    container.seccomp.security.alpha.kubernetes.io/side: localhost/profile.json
spec:
  containers:
  - name: app
  - name: side
)",
       B,
       "v1.18",
       {"PSS-seccompProfile_baseline 7:57 "
        "metadata.annotations[\"container.seccomp.security.alpha.kubernetes.io/"
        "app\"] | seccompProfile (forbidden annotation "
        "container.seccomp.security.alpha.kubernetes.io/app=\"\")"}},
      {"host_port_written_in_hex",
       kPodHeader + R"(spec:
  containers:
  - name: app
    ports:
    - containerPort: 80
      hostPort: 0x50
)",
       B,
       "latest",
       {"PSS-hostPorts 10:17 spec.containers[0].ports[0].hostPort | hostPort (container \"app\" uses "
        "hostPort 80)"}},

      // sysctls: the safe set grows with versions
      {"sysctls_1_36",
       kPodHeader + R"(spec:
  securityContext:
    sysctls:
    - name: net.ipv4.tcp_notsent_lowat
      value: "16384"
    - name: net.ipv4.tcp_rmem
      value: 4096 87380 16777216
    - name: kernel.msgmax
      value: "65536"
  containers:
  - name: app
)",
       B,
       "v1.36",
       {"PSS-sysctls 8:13 spec.securityContext.sysctls[0].name | forbidden sysctls "
        "(net.ipv4.tcp_notsent_lowat)",
        "PSS-sysctls 12:13 spec.securityContext.sysctls[2].name | forbidden sysctls (kernel.msgmax)"}},
      {"sysctls_1_37",
       kPodHeader + R"(spec:
  securityContext:
    sysctls:
    - name: net.ipv4.tcp_notsent_lowat
      value: "16384"
    - name: kernel.msgmax
      value: "65536"
  containers:
  - name: app
)",
       B,
       "v1.37",
       {"PSS-sysctls 10:13 spec.securityContext.sysctls[1].name | forbidden sysctls (kernel.msgmax)"}},
      {"sysctls_tcp_rmem_before_1_32",
       kPodHeader + R"(spec:
  securityContext:
    sysctls:
    - name: net.ipv4.tcp_rmem
      value: 4096 87380 16777216
  containers:
  - name: app
)",
       B,
       "v1.31",
       {"PSS-sysctls 8:13 spec.securityContext.sysctls[0].name | forbidden sysctls (net.ipv4.tcp_rmem)"}},

      // windowsHostProcess
      {"windows_host_process",
       kPodHeader + R"(spec:
  securityContext:
    windowsOptions:
      hostProcess: true
  containers:
  - name: app
    securityContext:
      windowsOptions: {hostProcess: true}
)",
       B,
       "latest",
       {"PSS-windowsHostProcess 8:20 spec.securityContext.windowsOptions.hostProcess | hostProcess (pod must "
        "not "
        "set securityContext.windowsOptions.hostProcess=true)",
        "PSS-windowsHostProcess 12:37 spec.containers[0].securityContext.windowsOptions.hostProcess | "
        "hostProcess "
        "(container \"app\" must not set securityContext.windowsOptions.hostProcess=true)"}},

      // allowPrivilegeEscalation: from v1.8; Windows pods exempt from v1.25
      {"allow_privilege_escalation_before_1_8",
       kPodHeader + R"(spec:
  securityContext:
    runAsNonRoot: true
  containers:
  - name: app
)",
       R,
       "v1.7",
       {}},
      {"allow_privilege_escalation_missing",
       kPodHeader + R"(spec:
  securityContext:
    runAsNonRoot: true
  containers:
  - name: app
  - name: side
    securityContext:
      allowPrivilegeEscalation: true
)",
       R,
       "v1.8",
       {"PSS-allowPrivilegeEscalation 9:5 spec.containers[0].securityContext.allowPrivilegeEscalation | "
        "allowPrivilegeEscalation != false (container \"app\" must set "
        "securityContext.allowPrivilegeEscalation=false)",
        "PSS-allowPrivilegeEscalation 12:33 spec.containers[1].securityContext.allowPrivilegeEscalation | "
        "allowPrivilegeEscalation != false (container \"side\" must set "
        "securityContext.allowPrivilegeEscalation=false)"}},

      // restrictedVolumes
      {"restricted_volumes",
       kRestrictedPod + R"(  volumes:
  - name: defaulted-to-emptydir
  - name: img
    image: {reference: "registry.example/data:1"}
  - name: share
    nfs:
      server: nfs.example
      path: /
  - name: claim
    persistentVolumeClaim: {claimName: data}
)",
       R,
       "latest",
       {"PSS-restrictedVolumes 23:7 spec.volumes[2].nfs | restricted volume types (volume \"share\" uses "
        "restricted volume type \"nfs\")"}},

      // runAsUser: from v1.23; user-namespace pods exempt from v1.35
      {"run_as_user_zero",
       kRestrictedPod + "      runAsUser: 0\n",
       R,
       "v1.23",
       {"PSS-runAsUser 17:18 spec.containers[0].securityContext.runAsUser | runAsUser=0 (container \"app\" "
        "must "
        "not set runAsUser=0)"}},
      {"run_as_user_before_1_23", kRestrictedPod + "      runAsUser: 0\n", R, "v1.22", {}},
      {"run_as_user_user_namespace_1_34",
       kRestrictedPod + "      runAsUser: 0\n  hostUsers: false\n",
       R,
       "v1.34",
       {"PSS-runAsUser 17:18 spec.containers[0].securityContext.runAsUser | runAsUser=0 (container \"app\" "
        "must "
        "not set runAsUser=0)"}},
      {"run_as_user_user_namespace_1_35",
       kRestrictedPod + "      runAsUser: 0\n  hostUsers: false\n",
       R,
       "v1.35",
       {}},

      // levels: privileged enforces nothing; baseline skips restricted checks
      {"privileged_level_enforces_nothing",
       kPodHeader + R"(spec:
  hostPID: true
  containers:
  - name: app
    securityContext: {privileged: true}
)",
       PssLevel::Privileged,
       "latest",
       {}},
      {"baseline_skips_restricted_checks",
       kPodHeader + "spec:\n  containers:\n  - name: app\n",
       B,
       "latest",
       {}},
      {"versions_past_the_newest_behave_as_latest",
       kRestrictedPod + "      runAsUser: 0\n  hostUsers: false\n",
       R,
       "v1.99",
       {}},
  };
}

class PssCheckTable : public ::testing::TestWithParam<Case> {};

TEST_P(PssCheckTable, FindsExactlyTheExpectedViolations) {
  const Case& c = GetParam();
  EXPECT_THAT(describe(pss_findings(c.yaml, c.level, c.version)), ElementsAreArray(c.expected));
}

INSTANTIATE_TEST_SUITE_P(Checks, PssCheckTable, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                           return param_info.param.name;
                         });

}  // namespace
}  // namespace bulwark::rules::pss::testing
