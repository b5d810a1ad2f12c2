#include "server/admission_review.h"

#include "doc/json_escape.h"
#include "doc/json_loader.h"

namespace bulwark::server {
namespace {

constexpr std::string_view kV1 = "admission.k8s.io/v1";
constexpr std::string_view kV1beta1 = "admission.k8s.io/v1beta1";

std::string_view string_of(const doc::Node* n) {
  return n ? n->as_string().value_or(std::string_view{}) : std::string_view{};
}

std::string_view string_at(const doc::Node* mapping, std::string_view key) {
  return string_of(mapping ? mapping->get(key) : nullptr);
}

// The fields of `request` that a review is answered from, found in one pass over its entries
// (the first entry of a name, as Node::get finds it) rather than a search each.
struct RequestFields {
  const doc::Node* uid = nullptr;
  const doc::Node* kind = nullptr;
  const doc::Node* resource = nullptr;
  const doc::Node* sub_resource = nullptr;
  const doc::Node* name = nullptr;
  const doc::Node* namespace_name = nullptr;
  const doc::Node* operation = nullptr;
  const doc::Node* user_info = nullptr;
  const doc::Node* dry_run = nullptr;
  const doc::Node* object = nullptr;
  const doc::Node* old_object = nullptr;

  explicit RequestFields(const doc::Node& request) {
    for (const doc::MapEntry& e : request.entries()) {
      const doc::Node** field = slot(e.name);
      if (field && !*field) *field = e.value;
    }
  }

 private:
  const doc::Node** slot(std::string_view n) {
    switch (n.size()) {
      case 3:
        return n == "uid" ? &uid : nullptr;
      case 4:
        return n == "kind" ? &kind : n == "name" ? &name : nullptr;
      case 6:
        return n == "object" ? &object : n == "dryRun" ? &dry_run : nullptr;
      case 8:
        return n == "resource" ? &resource : n == "userInfo" ? &user_info : nullptr;
      case 9:
        return n == "namespace"   ? &namespace_name
               : n == "operation" ? &operation
               : n == "oldObject" ? &old_object
                                  : nullptr;
      case 11:
        return n == "subResource" ? &sub_resource : nullptr;
      default:
        return nullptr;
    }
  }
};

ReviewError error(std::string message, const AdmissionRequest* partial = nullptr) {
  ReviewError e{400, std::move(message), {}, ReviewVersion::V1};
  if (partial) {
    e.uid = std::string(partial->uid);
    e.version = partial->version;
  }
  return e;
}

}  // namespace

std::string base64_encoded(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t v = static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16 |
                       static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8 |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (const std::size_t rest = bytes.size() - i; rest > 0) {
    uint32_t v = static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) v |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string_view api_version_of(ReviewVersion version) {
  return version == ReviewVersion::V1 ? kV1 : kV1beta1;
}

std::expected<DecodedReview, ReviewError> decode_admission_review(std::string body) {
  // Nothing reads where a value of a review was written (answers carry no locations).
  auto loaded = doc::load_json_document("request body", std::move(body), {}, doc::JsonPositions::Skip);
  if (!loaded) {
    const doc::LoadError& e = loaded.error();
    std::string where = e.position.known()
                            ? std::to_string(e.position.line) + ":" + std::to_string(e.position.column) + ": "
                            : "";
    return std::unexpected(error("malformed JSON: " + where + e.message));
  }
  DecodedReview review;
  review.document = std::make_unique<doc::Document>(std::move(*loaded));
  const doc::Node* root = review.document->root();
  if (!root || !root->is_mapping()) return std::unexpected(error("the body is not a JSON object"));
  AdmissionRequest& r = review.request;
  const std::string_view api_version = string_at(root, "apiVersion");
  const std::string_view kind = string_at(root, "kind");
  if (api_version == kV1)
    r.version = ReviewVersion::V1;
  else if (api_version == kV1beta1)
    r.version = ReviewVersion::V1beta1;
  else
    return std::unexpected(
        error("apiVersion must be admission.k8s.io/v1 or admission.k8s.io/v1beta1, got \"" +
              std::string(api_version) + "\""));
  if (kind != "AdmissionReview")
    return std::unexpected(error("kind must be AdmissionReview, got \"" + std::string(kind) + "\"", &r));
  const doc::Node* request = root->get("request");
  if (!request || !request->is_mapping())
    return std::unexpected(error("an AdmissionReview to answer needs a \"request\" object", &r));
  const RequestFields fields(*request);
  r.uid = string_of(fields.uid);
  if (r.uid.empty()) return std::unexpected(error("request.uid is missing", &r));
  const doc::Node* gvk = fields.kind;
  r.kind_group = string_at(gvk, "group");
  r.kind_version = string_at(gvk, "version");
  r.kind = string_at(gvk, "kind");
  const doc::Node* gvr = fields.resource;
  r.resource_group = string_at(gvr, "group");
  r.resource = string_at(gvr, "resource");
  r.sub_resource = string_of(fields.sub_resource);
  r.name = string_of(fields.name);
  r.namespace_name = string_of(fields.namespace_name);
  r.operation = string_of(fields.operation);
  if (r.operation.empty()) return std::unexpected(error("request.operation is missing", &r));
  const doc::Node* user = fields.user_info;
  r.username = string_at(user, "username");
  r.user_uid = string_at(user, "uid");
  if (const doc::Node* groups = user && user->is_mapping() ? user->get("groups") : nullptr;
      groups && groups->is_sequence()) {
    r.groups.reserve(groups->size());
    for (const doc::Node* g : groups->items())
      if (auto name = g->as_string()) r.groups.push_back(*name);
  }
  if (const doc::Node* dry = fields.dry_run) r.dry_run = dry->as_bool().value_or(false);
  r.object = fields.object;
  r.old_object = fields.old_object;
  if (r.object && r.object->is_null()) r.object = nullptr;
  if (r.old_object && r.old_object->is_null()) r.old_object = nullptr;
  if (r.object && !r.object->is_mapping())
    return std::unexpected(error("request.object must be an object", &r));
  return review;
}

std::string encode_admission_review(ReviewVersion version, const AdmissionResponse& response) {
  std::size_t size = 256 + response.status_message.size() + response.json_patch.size() / 3 * 4;
  for (const std::string& w : response.warnings) size += w.size() + 8;
  for (const auto& [key, value] : response.audit_annotations) size += key.size() + value.size() + 8;
  std::string out;
  out.reserve(size + size / 8);  // room for the escapes of the quotes messages hold
  out += R"({"apiVersion":")";
  out += api_version_of(version);
  out += R"(","kind":"AdmissionReview","response":{"uid":)";
  doc::append_json_string(out, response.uid);
  out += R"(,"allowed":)";
  out += response.allowed ? "true" : "false";
  if (response.status_code != 0) {
    out += R"(,"status":{"metadata":{},"status":"Failure","code":)";
    out += std::to_string(response.status_code);
    if (!response.status_reason.empty()) {
      out += R"(,"reason":)";
      doc::append_json_string(out, response.status_reason);
    }
    out += R"(,"message":)";
    doc::append_json_string(out, response.status_message);
    out += '}';
  }
  if (!response.warnings.empty()) {
    out += R"(,"warnings":[)";
    for (std::size_t i = 0; i < response.warnings.size(); ++i) {
      if (i) out += ',';
      doc::append_json_string(out, response.warnings[i]);
    }
    out += ']';
  }
  if (!response.audit_annotations.empty()) {
    out += R"(,"auditAnnotations":{)";
    for (std::size_t i = 0; i < response.audit_annotations.size(); ++i) {
      if (i) out += ',';
      doc::append_json_string(out, response.audit_annotations[i].first);
      out += ':';
      doc::append_json_string(out, response.audit_annotations[i].second);
    }
    out += '}';
  }
  if (!response.json_patch.empty()) {
    out += R"(,"patchType":"JSONPatch","patch":")";
    out += base64_encoded(response.json_patch);
    out += '"';
  }
  out += "}}\n";
  return out;
}

}  // namespace bulwark::server
