#pragma once

#include <string>
#include <string_view>

namespace bulwark::server::testing {

/// Builds an AdmissionReview request body around an object given as JSON.
struct ReviewBuilder {
  std::string api_version = "admission.k8s.io/v1";
  std::string uid = "705ab4f5-6393-11e8-b7cc-42010a800002";
  std::string kind = "Pod";
  std::string group;
  std::string resource = "pods";
  std::string sub_resource;
  std::string namespace_name = "default";
  std::string name = "web";
  std::string operation = "CREATE";
  std::string username = "alice";
  bool dry_run = false;
  std::string object = "null";      // JSON
  std::string old_object = "null";  // JSON

  std::string json() const;
};

/// A Pod (JSON) with one container and the given container securityContext (JSON object text).
std::string pod_json(std::string_view container_security_context = "{}", std::string_view pod_extra = "");
/// A Pod that passes restricted:latest.
std::string restricted_pod_json();

}  // namespace bulwark::server::testing
