#include "rules/workload/workload_rules.h"

namespace bulwark::rules::workload {

std::span<const ObjectRule> object_rules() {
  static const ObjectRule rules[] = {
      {&kReadOnlyRootFilesystem, check_read_only_root_filesystem},
      {&kRunAsRootGroup, check_run_as_root_group},
      {&kRunAsNonRoot, check_run_as_non_root},
      {&kRunAsRootUser, check_run_as_root_user},
      {&kAllowPrivilegeEscalation, check_allow_privilege_escalation},
      {&kDropAllCapabilities, check_drop_all_capabilities},
      {&kDangerousCapability, check_dangerous_capability},
      {&kSeccompProfile, check_seccomp_profile},
      {&kPrivilegedContainer, check_privileged_container},
      {&kLowUserId, check_low_user_id},
      {&kHostUsers, check_host_users},
      {&kHostNetwork, check_host_network},
      {&kHostPid, check_host_pid},
      {&kHostIpc, check_host_ipc},
      {&kContainerRuntimeSocket, check_container_runtime_socket},
      {&kSensitiveHostPath, check_sensitive_host_path},
      {&kWritableHostPath, check_writable_host_path},
      {&kHostPort, check_host_port},
      {&kShareProcessNamespace, check_share_process_namespace},
      {&kPrivilegedPort, check_privileged_port},
      {&kSshPort, check_ssh_port},
      {&kMemoryLimit, check_memory_limit},
      {&kCpuLimit, check_cpu_limit},
      {&kMemoryRequest, check_memory_request},
      {&kCpuRequest, check_cpu_request},
      {&kEphemeralStorageLimit, check_ephemeral_storage_limit},
      {&kLivenessProbe, check_liveness_probe},
      {&kReadinessProbe, check_readiness_probe},
      {&kImageLatestTag, check_image_latest_tag},
      {&kImageDigest, check_image_digest},
      {&kImagePullPolicy, check_image_pull_policy},
      {&kDeprecatedServiceAccountField, check_deprecated_service_account_field},
      {&kSecretEnvReference, check_secret_env_reference},
  };
  return rules;
}

}  // namespace bulwark::rules::workload
