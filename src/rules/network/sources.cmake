# Network policy (zero trust) and exposure. The label selector semantics live in k8s/ (owned by
# this family until the k8s layer lists label_selector.cc itself).
list(APPEND rules_sources
  ${CMAKE_CURRENT_SOURCE_DIR}/../k8s/label_selector.cc
  network/policy_model.cc
  network/exposure_rules.cc
  network/zero_trust.cc)
