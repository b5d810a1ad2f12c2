# Plaintext credentials in manifests, found by the secrets/ engine.
list(APPEND rules_sources
  secrets/secret_finding.cc
  secrets/secret_rules.cc)
list(APPEND rules_deps bulwark_secrets)
