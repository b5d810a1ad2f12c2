# Image rules: the image reader comes from bulwark_image, secret detection from bulwark_secrets (the same
# engine as the manifest and Dockerfile rules).
list(APPEND rules_sources
  image/context.cc
  image/registry.cc
  image/config_rules.cc
  image/filesystem_rules.cc
  image/secret_rules.cc)
list(APPEND rules_deps bulwark_image bulwark_secrets)
