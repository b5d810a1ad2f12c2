# Workload hardening beyond the Pod Security Standards.
list(APPEND rules_sources
  workload/pod_rule_support.cc
  workload/registry.cc
  workload/security_context.cc
  workload/host_access.cc
  workload/resources_and_probes.cc
  workload/images.cc
  workload/pod_settings.cc)
