# RBAC least privilege: Role rules and bindings resolved across the scan.
list(APPEND rules_sources
  rbac/policy_rule.cc
  rbac/role_rules.cc
  rbac/binding_rules.cc)
