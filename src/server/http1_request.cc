#include "server/http1_request.h"

namespace bulwark::server {

void Http1RequestReader::on_request_impl(boost::beast::http::verb method, string_view method_str,
                                         string_view target, int version, error_code&) {
  method_ = method;
  method_string_.assign(method_str.data(), method_str.size());
  target_.assign(target.data(), target.size());
  version_ = static_cast<unsigned>(version);
}

void Http1RequestReader::on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                                           error_code&) {
  // The parser has already refused a length above the body limit.
  if (content_length) body_.reserve(static_cast<std::size_t>(*content_length));
}

std::size_t Http1RequestReader::on_body_impl(string_view body, error_code&) {
  body_.append(body.data(), body.size());
  return body.size();
}

std::size_t Http1RequestReader::on_chunk_body_impl(std::uint64_t, string_view body, error_code&) {
  body_.append(body.data(), body.size());
  return body.size();
}

}  // namespace bulwark::server
