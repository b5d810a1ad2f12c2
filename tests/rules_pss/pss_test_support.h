#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "doc/yaml_loader.h"
#include "k8s/object.h"
#include "rules/check_context.h"
#include "rules/finding.h"

namespace bulwark::rules::pss::testing {

/// YAML text loaded into documents and objects that stay alive together.
struct LoadedManifest {
  std::string text;
  std::deque<doc::DocumentResult> documents;
  std::vector<k8s::Object> objects;
  std::string error;  // the first load error, if any
};
LoadedManifest load(std::string text, std::string_view file = "test.yaml");

/// Every finding of the PSS rules (through the catalog's registration) on every object of `text`.
std::vector<Finding> pss_findings(const LoadedManifest& manifest, const CheckContext& context);
std::vector<Finding> pss_findings(std::string text, PssLevel level, std::string_view version = "latest");

CheckContext context(PssLevel level, std::string_view version);

/// "PSS-privileged 10:19 spec.containers[0].securityContext.privileged | privileged (...)": one
/// line per finding, for table-driven assertions on rule, position, field path and message.
std::string describe(const Finding& finding);
std::vector<std::string> describe(const std::vector<Finding>& findings);

}  // namespace bulwark::rules::pss::testing
