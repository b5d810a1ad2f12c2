#include "server/http1_response.h"

#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <sstream>
#include <string>

namespace bulwark::server {
namespace {

namespace http = boost::beast::http;

// The reference is Beast's own serializer, which wrote these answers before: the same message
// built as a Beast response and printed.
std::string beast_wrote(const HttpAnswer& answer, unsigned version, bool close_after) {
  http::response<http::string_body> response;
  response.version(version);
  response.result(answer.status);
  response.set(http::field::server, "bulwark");
  response.set(http::field::content_type, answer.content_type);
  response.body() = answer.body;
  response.keep_alive(!close_after);
  response.prepare_payload();
  std::ostringstream out;
  out << response;
  return out.str();
}

TEST(Http1Response, SameBytesAsBeastsSerializer) {
  const std::string review(1200, 'r');
  std::string out = "left over from the previous answer";
  for (unsigned status : {200u, 400u, 404u, 405u, 413u, 431u, 500u, 503u, 299u})
    for (unsigned version : {10u, 11u})
      for (bool close_after : {false, true})
        for (const std::string& body : {std::string(), std::string("ok\n"), review}) {
          const HttpAnswer answer{status, status == 200 ? "application/json" : "text/plain", body};
          write_http1_response(out, answer, version, close_after);
          ASSERT_EQ(out, beast_wrote(answer, version, close_after))
              << status << " HTTP/" << version << (close_after ? " close" : " keep-alive");
        }
}

TEST(Http1Response, ReadsBackAsTheAnswer) {
  std::string out;
  write_http1_response(out, HttpAnswer{413, "application/json", R"({"a":1})"}, 11, true);
  http::response_parser<http::string_body> parser;
  boost::beast::error_code ec;
  parser.eager(true);
  parser.put(boost::asio::buffer(out), ec);
  ASSERT_FALSE(ec) << ec.message();
  ASSERT_TRUE(parser.is_done());
  const auto& response = parser.get();
  EXPECT_EQ(response.result_int(), 413u);
  EXPECT_EQ(response.body(), R"({"a":1})");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_EQ(response[http::field::content_type], "application/json");
}

}  // namespace
}  // namespace bulwark::server
