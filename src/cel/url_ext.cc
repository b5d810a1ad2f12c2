// Kubernetes URL library: url(), isURL(), getScheme, getHost, getHostname, getPort, getEscapedPath,
// getQuery. Accepts what Go's url.ParseRequestURI accepts: an absolute URL or an absolute path.
#include <algorithm>
#include <optional>

#include "cel/functions.h"

namespace bulwark::cel {

namespace {

using Args = std::span<const Value>;

constexpr std::uint8_t kS = K(Kind::String), kU = K(OpaqueType::Url);

struct UrlParts {
  std::string scheme, host, path, query;
};

class Url final : public OpaqueValue {
 public:
  explicit Url(UrlParts p) : p_(std::move(p)) {}
  OpaqueType type() const override { return OpaqueType::Url; }
  std::string_view type_name() const override { return "kubernetes.URL"; }
  bool equals(const OpaqueValue& other) const override {
    const auto& o = static_cast<const Url&>(other).p_;
    return p_.scheme == o.scheme && p_.host == o.host && p_.path == o.path && p_.query == o.query;
  }
  const UrlParts& parts() const { return p_; }

 private:
  UrlParts p_;
};

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Percent-escapes must be well formed, and control characters and spaces are not allowed.
bool valid_escapes(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F || c == ' ') return false;
    if (c == '%' && (i + 2 >= s.size() || !is_hex(s[i + 1]) || !is_hex(s[i + 2]))) return false;
  }
  return true;
}

std::optional<UrlParts> parse_url(std::string_view s) {
  if (s.empty() || !valid_escapes(s)) return std::nullopt;
  UrlParts u;
  std::string_view rest = s;
  if (auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  if (rest.front() != '/') {
    std::size_t i = 0;
    if (!is_alpha(rest[0])) return std::nullopt;
    while (i < rest.size() &&
           (is_alpha(rest[i]) || is_digit(rest[i]) || rest[i] == '+' || rest[i] == '-' || rest[i] == '.'))
      ++i;
    if (i >= rest.size() || rest[i] != ':') return std::nullopt;
    u.scheme = std::string(rest.substr(0, i));
    rest = rest.substr(i + 1);
    // ParseRequestURI rejects opaque URLs ("mailto:x"): what follows the scheme must be a path.
    if (rest.empty() || rest.front() != '/') return std::nullopt;
  }
  if (auto q = rest.find('?'); q != std::string_view::npos) {
    u.query = std::string(rest.substr(q + 1));
    rest = rest.substr(0, q);
  }
  if (!u.scheme.empty() && rest.starts_with("//")) {
    rest = rest.substr(2);
    std::size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    if (auto at = authority.rfind('@'); at != std::string_view::npos) authority = authority.substr(at + 1);
    // Host: a bracketed IPv6 literal or a name, then an optional numeric port.
    if (authority.starts_with("[")) {
      auto close = authority.find(']');
      if (close == std::string_view::npos) return std::nullopt;
      std::string_view after = authority.substr(close + 1);
      if (!after.empty() && after.front() != ':') return std::nullopt;
    }
    auto colon = authority.rfind(':');
    if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
      for (char c : authority.substr(colon + 1)) {
        if (!is_digit(c)) return std::nullopt;
      }
    }
    u.host = std::string(authority);
  }
  u.path = std::string(rest);
  return u;
}

Value err(std::string m) {
  return Value::error(std::move(m));
}
const UrlParts& parts(const Value& v) {
  return static_cast<const Url&>(v.as_opaque()).parts();
}

Value url(Args a, CallContext&) {
  auto u = parse_url(a[0].as_string());
  if (!u) return err("URL parse error during conversion from string: " + std::string(a[0].as_string()));
  return Value::opaque(std::make_shared<const Url>(std::move(*u)));
}

Value is_url(Args a, CallContext&) {
  return Value::boolean(parse_url(a[0].as_string()).has_value());
}
Value get_scheme(Args a, CallContext&) {
  return Value::string(parts(a[0]).scheme);
}
Value get_host(Args a, CallContext&) {
  return Value::string(parts(a[0]).host);
}

Value get_hostname(Args a, CallContext&) {
  std::string_view h = parts(a[0]).host;
  if (h.starts_with("[")) return Value::string(std::string(h.substr(1, h.find(']') - 1)));
  auto colon = h.rfind(':');
  return Value::string(std::string(colon == std::string_view::npos ? h : h.substr(0, colon)));
}

Value get_port(Args a, CallContext&) {
  std::string_view h = parts(a[0]).host;
  auto colon = h.rfind(':');
  if (colon == std::string_view::npos || h.find(']', colon) != std::string_view::npos)
    return Value::string_view("");
  return Value::string(std::string(h.substr(colon + 1)));
}

Value get_escaped_path(Args a, CallContext&) {
  return Value::string(parts(a[0]).path);
}

std::string unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

Value get_query(Args a, CallContext&) {
  std::string_view q = parts(a[0]).query;
  std::vector<std::pair<std::string, std::vector<Value>>> grouped;
  while (!q.empty()) {
    auto amp = q.find('&');
    std::string_view pair = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string key = unescape(pair.substr(0, eq));
    std::string value = eq == std::string_view::npos ? std::string() : unescape(pair.substr(eq + 1));
    auto it = std::find_if(grouped.begin(), grouped.end(), [&](const auto& g) { return g.first == key; });
    if (it == grouped.end()) {
      grouped.emplace_back(key, std::vector<Value>{});
      it = grouped.end() - 1;
    }
    it->second.push_back(Value::string(std::move(value)));
  }
  std::vector<std::pair<Value, Value>> entries;
  for (auto& [k, v] : grouped) entries.emplace_back(Value::string(k), Value::list(std::move(v)));
  return Value::map(std::move(entries));
}

}  // namespace

void register_url(FunctionRegistry& r) {
  r.add("url", false, {kS}, url);
  r.add("isURL", false, {kS}, is_url);
  r.add("getScheme", true, {kU}, get_scheme);
  r.add("getHost", true, {kU}, get_host);
  r.add("getHostname", true, {kU}, get_hostname);
  r.add("getPort", true, {kU}, get_port);
  r.add("getEscapedPath", true, {kU}, get_escaped_path);
  r.add("getQuery", true, {kU}, get_query);
}

}  // namespace bulwark::cel
