#pragma once

#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "doc/document.h"
#include "doc/node.h"

namespace bulwark::server {

/// The AdmissionReview API version a request came in; the response is written in the same one.
enum class ReviewVersion : uint8_t { V1, V1beta1 };
std::string_view api_version_of(ReviewVersion version);

/// The fields of `request` that admission decisions read. Views point into the decoded
/// document, which owns them (see DecodedReview).
struct AdmissionRequest {
  ReviewVersion version = ReviewVersion::V1;
  std::string_view uid;
  std::string_view kind_group, kind_version, kind;  // request.kind
  std::string_view resource_group, resource;        // request.resource
  std::string_view sub_resource;
  std::string_view name;
  std::string_view namespace_name;
  std::string_view operation;  // CREATE, UPDATE, DELETE, CONNECT
  std::string_view username;
  std::string_view user_uid;
  std::vector<std::string_view> groups;  // request.userInfo.groups
  bool dry_run = false;
  const doc::Node* object = nullptr;      // null or a JSON null when absent
  const doc::Node* old_object = nullptr;  // UPDATE and DELETE only
};

/// A decoded AdmissionReview: the document the request's views point into, and the request.
/// Move-only; the views stay valid as long as it lives.
struct DecodedReview {
  std::unique_ptr<doc::Document> document;
  AdmissionRequest request;
};

/// Why a body is not an AdmissionReview we can answer: an HTTP status (400 or 413) and a message
/// for the caller. `uid` and `version` are filled when they could be read, so the error can
/// still be answered in kind.
struct ReviewError {
  int http_status = 400;
  std::string message;
  std::string uid;
  ReviewVersion version = ReviewVersion::V1;
};

/// Decodes an AdmissionReview (admission.k8s.io/v1 or v1beta1) from JSON with simdjson into
/// bulwark's tree. Malformed JSON, a wrong apiVersion/kind, or a request without uid is an error.
std::expected<DecodedReview, ReviewError> decode_admission_review(std::string body);

/// What the webhook answers for one request.
struct AdmissionResponse {
  std::string uid;
  bool allowed = true;
  int status_code = 0;        // 0: no status; else status.code (403 on denial, 400/413 on errors)
  std::string status_reason;  // "Forbidden", "BadRequest", "RequestEntityTooLarge"
  std::string status_message;
  std::vector<std::string> warnings;
  std::vector<std::pair<std::string, std::string>> audit_annotations;
  /// A JSONPatch (RFC 6902) document, sent base64-encoded with patchType JSONPatch; "" for none.
  std::string json_patch;
};

/// Standard base64 with padding (RFC 4648 §4), as `patch` is sent.
std::string base64_encoded(std::string_view bytes);

/// Renders the AdmissionReview that carries `response`, in the request's API version.
std::string encode_admission_review(ReviewVersion version, const AdmissionResponse& response);

}  // namespace bulwark::server
