# Service accounts and namespaces.
list(APPEND rules_sources
  serviceaccount/service_account_rules.cc)
