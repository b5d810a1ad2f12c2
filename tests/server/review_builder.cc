#include "review_builder.h"

namespace bulwark::server::testing {

std::string ReviewBuilder::json() const {
  std::string s = R"({"apiVersion":")" + api_version + R"(","kind":"AdmissionReview","request":{"uid":")" +
                  uid + R"(","kind":{"group":")" + group + R"(","version":"v1","kind":")" + kind +
                  R"("},"resource":{"group":")" + group + R"(","version":"v1","resource":")" + resource +
                  R"("},)";
  if (!sub_resource.empty()) s += R"("subResource":")" + sub_resource + R"(",)";
  s += R"("name":")" + name + R"(","namespace":")" + namespace_name + R"(","operation":")" + operation +
       R"(","userInfo":{"username":")" + username + R"(","groups":["system:authenticated"]},"object":)" +
       object + R"(,"oldObject":)" + old_object + R"(,"dryRun":)" + (dry_run ? "true" : "false") + "}}";
  return s;
}

std::string pod_json(std::string_view container_security_context, std::string_view pod_extra) {
  std::string s = R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},"spec":{)";
  if (!pod_extra.empty()) s += std::string(pod_extra) + ",";
  s += R"("containers":[{"name":"app","image":"registry.example/app@sha256:)" + std::string(64, 'a') +
       R"(","securityContext":)" + std::string(container_security_context) + "}]}}";
  return s;
}

std::string restricted_pod_json() {
  return pod_json(
      R"({"allowPrivilegeEscalation":false,"runAsNonRoot":true,"capabilities":{"drop":["ALL"]},"seccompProfile":{"type":"RuntimeDefault"}})");
}

}  // namespace bulwark::server::testing
