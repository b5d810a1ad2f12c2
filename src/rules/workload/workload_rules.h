#pragma once

#include <span>

#include "rules/catalog.h"

namespace bulwark::rules::workload {

/// Hardening beyond the Pod Security Standards, over the pod spec of every workload kind.
/// Rules that restate a PSS check (privileged, host namespaces, hostPath, capabilities,
/// seccomp, non-root, privilege escalation) only fire below the PSS level that covers them.
std::span<const ObjectRule> object_rules();

extern const RuleMeta kReadOnlyRootFilesystem;
extern const RuleMeta kRunAsRootGroup;
extern const RuleMeta kRunAsNonRoot;
extern const RuleMeta kRunAsRootUser;
extern const RuleMeta kAllowPrivilegeEscalation;
extern const RuleMeta kDropAllCapabilities;
extern const RuleMeta kDangerousCapability;
extern const RuleMeta kSeccompProfile;
extern const RuleMeta kPrivilegedContainer;
extern const RuleMeta kLowUserId;
extern const RuleMeta kHostUsers;
extern const RuleMeta kHostNetwork;
extern const RuleMeta kHostPid;
extern const RuleMeta kHostIpc;
extern const RuleMeta kContainerRuntimeSocket;
extern const RuleMeta kSensitiveHostPath;
extern const RuleMeta kWritableHostPath;
extern const RuleMeta kHostPort;
extern const RuleMeta kShareProcessNamespace;
extern const RuleMeta kPrivilegedPort;
extern const RuleMeta kSshPort;
extern const RuleMeta kMemoryLimit;
extern const RuleMeta kCpuLimit;
extern const RuleMeta kMemoryRequest;
extern const RuleMeta kCpuRequest;
extern const RuleMeta kEphemeralStorageLimit;
extern const RuleMeta kLivenessProbe;
extern const RuleMeta kReadinessProbe;
extern const RuleMeta kImageLatestTag;
extern const RuleMeta kImageDigest;
extern const RuleMeta kImagePullPolicy;
extern const RuleMeta kDeprecatedServiceAccountField;
extern const RuleMeta kSecretEnvReference;

// One check function per rule, defined next to its metadata.
void check_read_only_root_filesystem(const k8s::Object&, const CheckContext&, FindingSink&);
void check_run_as_root_group(const k8s::Object&, const CheckContext&, FindingSink&);
void check_run_as_non_root(const k8s::Object&, const CheckContext&, FindingSink&);
void check_run_as_root_user(const k8s::Object&, const CheckContext&, FindingSink&);
void check_allow_privilege_escalation(const k8s::Object&, const CheckContext&, FindingSink&);
void check_drop_all_capabilities(const k8s::Object&, const CheckContext&, FindingSink&);
void check_dangerous_capability(const k8s::Object&, const CheckContext&, FindingSink&);
void check_seccomp_profile(const k8s::Object&, const CheckContext&, FindingSink&);
void check_privileged_container(const k8s::Object&, const CheckContext&, FindingSink&);
void check_low_user_id(const k8s::Object&, const CheckContext&, FindingSink&);
void check_host_users(const k8s::Object&, const CheckContext&, FindingSink&);
void check_host_network(const k8s::Object&, const CheckContext&, FindingSink&);
void check_host_pid(const k8s::Object&, const CheckContext&, FindingSink&);
void check_host_ipc(const k8s::Object&, const CheckContext&, FindingSink&);
void check_container_runtime_socket(const k8s::Object&, const CheckContext&, FindingSink&);
void check_sensitive_host_path(const k8s::Object&, const CheckContext&, FindingSink&);
void check_writable_host_path(const k8s::Object&, const CheckContext&, FindingSink&);
void check_host_port(const k8s::Object&, const CheckContext&, FindingSink&);
void check_share_process_namespace(const k8s::Object&, const CheckContext&, FindingSink&);
void check_privileged_port(const k8s::Object&, const CheckContext&, FindingSink&);
void check_ssh_port(const k8s::Object&, const CheckContext&, FindingSink&);
void check_memory_limit(const k8s::Object&, const CheckContext&, FindingSink&);
void check_cpu_limit(const k8s::Object&, const CheckContext&, FindingSink&);
void check_memory_request(const k8s::Object&, const CheckContext&, FindingSink&);
void check_cpu_request(const k8s::Object&, const CheckContext&, FindingSink&);
void check_ephemeral_storage_limit(const k8s::Object&, const CheckContext&, FindingSink&);
void check_liveness_probe(const k8s::Object&, const CheckContext&, FindingSink&);
void check_readiness_probe(const k8s::Object&, const CheckContext&, FindingSink&);
void check_image_latest_tag(const k8s::Object&, const CheckContext&, FindingSink&);
void check_image_digest(const k8s::Object&, const CheckContext&, FindingSink&);
void check_image_pull_policy(const k8s::Object&, const CheckContext&, FindingSink&);
void check_deprecated_service_account_field(const k8s::Object&, const CheckContext&, FindingSink&);
void check_secret_env_reference(const k8s::Object&, const CheckContext&, FindingSink&);

}  // namespace bulwark::rules::workload
