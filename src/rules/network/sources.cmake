# Network policy (zero trust) and exposure; label selector semantics live in k8s/.
list(APPEND rules_sources
  network/policy_model.cc
  network/exposure_rules.cc
  network/zero_trust.cc)
