# Pod Security Standards: one file per Pod Security Admission check.
list(APPEND rules_sources
  pss/pod_fields.cc
  pss/registry.cc
  pss/namespace_enforce_label.cc
  pss/privileged.cc
  pss/host_namespaces.cc
  pss/host_path_volumes.cc
  pss/host_ports.cc
  pss/host_probes_and_host_lifecycle.cc
  pss/capabilities_baseline.cc
  pss/app_armor_profile.cc
  pss/se_linux_options.cc
  pss/proc_mount.cc
  pss/seccomp_profile_baseline.cc
  pss/sysctls.cc
  pss/windows_host_process.cc
  pss/allow_privilege_escalation.cc
  pss/capabilities_restricted.cc
  pss/proc_mount_restricted.cc
  pss/restricted_volumes.cc
  pss/run_as_non_root.cc
  pss/run_as_user.cc
  pss/seccomp_profile_restricted.cc)
