# Cluster configuration files.
list(APPEND rules_sources
  cluster/cluster_rules.cc)
