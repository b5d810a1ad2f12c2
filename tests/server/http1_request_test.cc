#include "server/http1_request.h"

#include <gtest/gtest.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http.hpp>
#include <string>
#include <vector>

namespace bulwark::server {
namespace {

namespace http = boost::beast::http;

// What a parser made of a request: the reference is Beast's own request parser with a string
// body, which read the webhook's requests before.
struct Parsed {
  bool done = false;
  std::string error;
  std::string method;
  http::verb verb = http::verb::unknown;
  std::string target;
  unsigned version = 0;
  bool keep_alive = false;
  std::string body;
  std::size_t used = 0;  // bytes consumed
  bool operator==(const Parsed&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Parsed& p) {
  return out << "done=" << p.done << " error=" << p.error << " " << p.method << " " << p.target << " v"
             << p.version << " keep_alive=" << p.keep_alive << " used=" << p.used << " body=" << p.body;
}

// Feeds `text` to the parser in pieces of at most `piece` bytes, as a connection's reads would
// hand it over (what a put leaves unused is offered again with the next piece).
template <class Parser>
std::size_t feed(Parser& parser, std::string_view text, std::size_t piece, std::string& error) {
  parser.eager(true);
  parser.body_limit(4096);
  parser.header_limit(1024);
  std::size_t used = 0, available = 0;
  while (!parser.is_done()) {
    available = std::min(text.size(), available + piece);
    if (used == available) break;
    boost::beast::error_code ec;
    used += parser.put(boost::asio::buffer(text.data() + used, available - used), ec);
    if (ec == http::error::need_more) continue;
    if (ec) {
      error = ec.message();
      break;
    }
  }
  return used;
}

Parsed with_beast(std::string_view text, std::size_t piece) {
  http::request_parser<http::string_body> parser;
  Parsed p;
  p.used = feed(parser, text, piece, p.error);
  p.done = parser.is_done();
  if (!p.done) return p;
  const auto& request = parser.get();
  p.method = std::string(request.method_string());
  p.verb = request.method();
  p.target = std::string(request.target());
  p.version = request.version();
  p.keep_alive = request.keep_alive();
  p.body = request.body();
  return p;
}

Parsed with_reader(std::string_view text, std::size_t piece) {
  Http1RequestReader reader;
  Parsed p;
  p.used = feed(reader, text, piece, p.error);
  p.done = reader.is_done();
  if (!p.done) return p;
  p.method = std::string(reader.method_string());
  p.verb = reader.method();
  p.target = std::string(reader.target());
  p.version = reader.version();
  p.keep_alive = reader.keep_alive();
  p.body = reader.body();
  return p;
}

const std::vector<std::string>& requests() {
  static const std::vector<std::string> all = [] {
    const std::string review(1500, 'r');
    std::vector<std::string> r = {
        "POST /validate HTTP/1.1\r\nHost: webhook\r\nContent-Type: application/json\r\nContent-Length: "
        "7\r\n\r\n"
        "{\"a\":1}",
        "POST /validate?timeout=10s HTTP/1.1\r\nHost: webhook\r\nContent-Length: " +
            std::to_string(review.size()) + "\r\n\r\n" + review,
        "POST /mutate HTTP/1.1\r\nTransfer-Encoding: "
        "chunked\r\n\r\n4\r\n{\"a\"\r\n3;ext=1\r\n:1}\r\n0\r\n\r\n",
        "POST /validate HTTP/1.1\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}",
        "POST /validate HTTP/1.0\r\nContent-Length: 2\r\n\r\n{}",
        "POST /validate HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n{}",
        "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
        "HEAD /readyz HTTP/1.1\r\n\r\n",
        "BREW /pot HTTP/1.1\r\nContent-Length: 3\r\n\r\ntea",
        "POST /validate HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}GET /healthz HTTP/1.1\r\n\r\n",  // pipelined
        "POST /validate HTTP/1.1\r\nContent-Length: 99999\r\n\r\n{}",                   // over the limit
        "POST /validate HTTP/1.1\r\nX-Big: " + std::string(2000, 'x') + "\r\n\r\n",     // header limit
        "POST /validate HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",  // conflicting
        "POST /validate HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",          // bad chunk
        "POST /validate HTTP/1.1\r\nContent-Length: 4\r\n\r\n{}",                       // short
        "POST /validate HTTP/9.9\r\n\r\n",
        "not http at all\r\n\r\n",
    };
    return r;
  }();
  return all;
}

TEST(Http1RequestReader, ReadsWhatBeastsRequestParserRead) {
  for (const std::string& text : requests())
    for (std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{64}, text.size()}) {
      const Parsed expected = with_beast(text, piece);
      EXPECT_EQ(with_reader(text, piece), expected) << text.substr(0, 60) << " in pieces of " << piece;
    }
}

TEST(Http1RequestReader, ReadsARequest) {
  const std::string first = "POST /validate?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 7\r\n\r\n{\"a\":1}";
  const Parsed p = with_reader(first + "GET / HTTP/1.1\r\n\r\n", 1000);
  EXPECT_TRUE(p.done) << p.error;
  EXPECT_EQ(p.method, "POST");
  EXPECT_EQ(p.verb, http::verb::post);
  EXPECT_EQ(p.target, "/validate?x=1");
  EXPECT_EQ(p.version, 11u);
  EXPECT_TRUE(p.keep_alive);
  EXPECT_EQ(p.body, R"({"a":1})");
  EXPECT_EQ(p.used, first.size());  // the next request is left in the buffer
}

}  // namespace
}  // namespace bulwark::server
