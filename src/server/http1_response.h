#pragma once

#include <string>

#include "server/webhook_handler.h"

namespace bulwark::server {

/// Writes `answer` as one HTTP/1.x response message into `out` (replacing what it held): status
/// line, Server, Content-Type, Connection when the version's default does not already say it, and
/// Content-Length, then the body. The same bytes Beast's serializer writes for such a message, built
/// in one buffer that the connection keeps: one TLS record per answer and no header table per request.
/// `version` is the request's (11 for HTTP/1.1); `close_after` whether the connection closes after.
void write_http1_response(std::string& out, const HttpAnswer& answer, unsigned version, bool close_after);

}  // namespace bulwark::server
