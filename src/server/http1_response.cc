#include "server/http1_response.h"

#include <boost/beast/http/status.hpp>
#include <charconv>

namespace bulwark::server {

void write_http1_response(std::string& out, const HttpAnswer& answer, unsigned version, bool close_after) {
  namespace http = boost::beast::http;
  const auto reason = http::obsolete_reason(http::int_to_status(answer.status));
  char number[24];
  auto append_number = [&](unsigned long value) {
    out.append(number,
               static_cast<std::size_t>(std::to_chars(number, number + sizeof number, value).ptr - number));
  };
  out.clear();
  out.reserve(160 + answer.content_type.size() + answer.body.size());
  out += "HTTP/";
  append_number(version / 10);
  out += '.';
  append_number(version % 10);
  out += ' ';
  append_number(answer.status);
  out += ' ';
  out.append(reason.data(), reason.size());
  out += "\r\nServer: bulwark\r\nContent-Type: ";
  out += answer.content_type;
  // HTTP/1.1 keeps a connection open unless told otherwise, HTTP/1.0 closes it unless told otherwise.
  if (version >= 11 && close_after) out += "\r\nConnection: close";
  if (version < 11 && !close_after) out += "\r\nConnection: keep-alive";
  out += "\r\nContent-Length: ";
  append_number(answer.body.size());
  out += "\r\n\r\n";
  out += answer.body;
}

}  // namespace bulwark::server
