#pragma once

// GCC 12 with the sanitizers reports Beast's empty optional content length as "may be used
// uninitialized" where basic_parser::put is inlined (a false positive in boost::optional).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/beast/http/basic_parser.hpp>
#pragma GCC diagnostic pop
#include <cstdint>
#include <string>
#include <string_view>

namespace bulwark::server {

/// One HTTP/1.x request as the webhook reads it: Beast's parser (framing, Content-Length and
/// chunked bodies, Connection and keep-alive, the header and body limits) keeping only the request
/// line and the body. The webhook reads no header field, so none is stored (Beast's request parser
/// allocated a node per field), and the body is appended as it arrives (Beast's string body
/// zero-filled its room before copying into it). One reader per request, as with any Beast parser.
class Http1RequestReader final : public boost::beast::http::basic_parser<true> {
 public:
  Http1RequestReader() = default;

  boost::beast::http::verb method() const { return method_; }
  /// The method as received ("POST", or a method Beast does not know).
  std::string_view method_string() const { return method_string_; }
  std::string_view target() const { return target_; }
  /// 10 for HTTP/1.0, 11 for HTTP/1.1.
  unsigned version() const { return version_; }
  /// The body read so far (all of it once is_done()); the caller may move it out.
  std::string& body() { return body_; }

 private:
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;

  void on_request_impl(boost::beast::http::verb method, string_view method_str, string_view target,
                       int version, error_code& ec) override;
  void on_response_impl(int, string_view, int, error_code&) override {}  // a request parser: never called
  void on_field_impl(boost::beast::http::field, string_view, string_view, error_code&) override {}
  void on_header_impl(error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>& content_length, error_code& ec) override;
  std::size_t on_body_impl(string_view body, error_code& ec) override;
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t remain, string_view body, error_code& ec) override;
  void on_finish_impl(error_code&) override {}

  boost::beast::http::verb method_ = boost::beast::http::verb::unknown;
  std::string method_string_;
  std::string target_;
  unsigned version_ = 11;
  std::string body_;
};

}  // namespace bulwark::server
