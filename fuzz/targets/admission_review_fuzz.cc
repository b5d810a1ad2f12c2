// Any request body through the webhook's AdmissionReview decoder: a decoded request or an error
// with an HTTP status the handler can send. A decoded review's views must point into its own
// document (read every byte), and the answer must encode for any uid the request carried.
#include <cstddef>
#include <cstdint>
#include <string>

#include "server/admission_review.h"

namespace {
std::size_t touch(std::string_view s) {
  std::size_t sum = 0;
  for (const char c : s) sum += static_cast<unsigned char>(c);
  return sum;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  auto review = bulwark::server::decode_admission_review(std::move(body));
  bulwark::server::AdmissionResponse response;
  if (!review) {
    const auto& e = review.error();
    if (e.message.empty() || (e.http_status != 400 && e.http_status != 413)) __builtin_trap();
    response.uid = e.uid;
    response.allowed = false;
    response.status_code = e.http_status;
    response.status_message = e.message;
    if (bulwark::server::encode_admission_review(e.version, response).empty()) __builtin_trap();
    return 0;
  }
  const auto& r = review->request;
  if (r.uid.empty()) __builtin_trap();  // a request without uid is an error
  std::size_t sum = touch(r.uid) + touch(r.kind_group) + touch(r.kind_version) + touch(r.kind) +
                    touch(r.resource_group) + touch(r.resource) + touch(r.sub_resource) + touch(r.name) +
                    touch(r.namespace_name) + touch(r.operation) + touch(r.username);
  if (r.object) sum += touch(r.object->text());
  if (r.old_object) sum += touch(r.old_object->text());
  response.uid = std::string(r.uid);
  response.warnings.push_back(std::string(r.name));
  if (bulwark::server::encode_admission_review(r.version, response).empty()) __builtin_trap();
  return sum == static_cast<std::size_t>(-1);
}
