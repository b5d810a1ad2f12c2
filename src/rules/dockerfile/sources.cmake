# Dockerfile rules: the parser and shell splitting come from bulwark_dockerfile, secret detection from
# bulwark_secrets (the same engine as the manifest rules).
list(APPEND rules_sources
  dockerfile/context.cc
  dockerfile/command_view.cc
  dockerfile/suppression.cc
  dockerfile/registry.cc
  dockerfile/user.cc
  dockerfile/privilege.cc
  dockerfile/chmod.cc
  dockerfile/base_image.cc
  dockerfile/secrets.cc
  dockerfile/remote_code.cc
  dockerfile/packages.cc
  dockerfile/exposure.cc
  dockerfile/shell_hygiene.cc)
list(APPEND rules_deps bulwark_dockerfile bulwark_secrets)
