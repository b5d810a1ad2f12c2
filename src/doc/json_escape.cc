#include "doc/json_escape.h"

#include <cstdio>

namespace bulwark::doc {
namespace {

bool needs_escape(char c) {
  return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
}

void append_escaped(std::string& out, char c) {
  switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default: {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
      out += buf;
    }
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  // Runs of characters that need no escape are appended at once (most text is one run): the
  // webhook writes every answer and decision line through here.
  out.reserve(out.size() + s.size() + 2);
  out.push_back('"');
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!needs_escape(s[i])) continue;
    out.append(s.data() + run, i - run);
    append_escaped(out, s[i]);
    run = i + 1;
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

}  // namespace bulwark::doc
