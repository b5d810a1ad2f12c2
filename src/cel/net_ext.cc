// Kubernetes IP and CIDR libraries (ip(), cidr() and their accessors). Parsing follows Go's netip:
// no leading zeros in IPv4 octets, no zones; IPv4-mapped IPv6 addresses are rejected as Kubernetes does.
#include <array>
#include <cstdio>
#include <optional>

#include "cel/functions.h"

namespace bulwark::cel {

namespace {

using Args = std::span<const Value>;

constexpr std::uint8_t kS = K(Kind::String), kIp = K(OpaqueType::Ip), kCidr = K(OpaqueType::Cidr);

struct Addr {
  std::array<std::uint8_t, 16> bytes{};  // IPv4 in the first 4 bytes
  bool v4 = false;
  std::size_t length() const { return v4 ? 4 : 16; }
  bool operator==(const Addr&) const = default;
};

std::optional<Addr> parse_v4(std::string_view s) {
  Addr a;
  a.v4 = true;
  for (int i = 0; i < 4; ++i) {
    if (i > 0) {
      if (s.empty() || s.front() != '.') return std::nullopt;
      s.remove_prefix(1);
    }
    std::size_t n = 0;
    int v = 0;
    while (n < s.size() && s[n] >= '0' && s[n] <= '9') {
      v = v * 10 + (s[n] - '0');
      if (v > 255) return std::nullopt;
      ++n;
    }
    if (n == 0 || n > 3 || (n > 1 && s[0] == '0')) return std::nullopt;
    a.bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v);
    s.remove_prefix(n);
  }
  if (!s.empty()) return std::nullopt;
  return a;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<Addr> parse_v6(std::string_view s) {
  Addr a;
  std::array<std::uint16_t, 8> groups{};
  int count = 0;
  int gap = -1;
  if (s.starts_with("::")) {
    gap = 0;
    s.remove_prefix(2);
  }
  while (!s.empty()) {
    if (count == 8) return std::nullopt;
    // Trailing dotted IPv4.
    if (s.find('.') != std::string_view::npos && s.find(':') == std::string_view::npos) {
      auto v4 = parse_v4(s);
      if (!v4 || count > 6) return std::nullopt;
      groups[static_cast<std::size_t>(count++)] =
          static_cast<std::uint16_t>(v4->bytes[0] << 8 | v4->bytes[1]);
      groups[static_cast<std::size_t>(count++)] =
          static_cast<std::uint16_t>(v4->bytes[2] << 8 | v4->bytes[3]);
      s = {};
      break;
    }
    std::size_t n = 0;
    int v = 0;
    while (n < s.size() && hex_value(s[n]) >= 0) {
      v = v * 16 + hex_value(s[n]);
      ++n;
    }
    if (n == 0 || n > 4) return std::nullopt;
    groups[static_cast<std::size_t>(count++)] = static_cast<std::uint16_t>(v);
    s.remove_prefix(n);
    if (s.empty()) break;
    if (s.front() != ':') return std::nullopt;
    s.remove_prefix(1);
    if (!s.empty() && s.front() == ':') {
      if (gap >= 0) return std::nullopt;
      gap = count;
      s.remove_prefix(1);
    } else if (s.empty()) {
      return std::nullopt;
    }
  }
  if (gap < 0 && count != 8) return std::nullopt;
  if (gap >= 0 && count > 7) return std::nullopt;
  std::array<std::uint16_t, 8> full{};
  if (gap < 0) {
    full = groups;
  } else {
    int tail = count - gap;
    for (int i = 0; i < gap; ++i) full[static_cast<std::size_t>(i)] = groups[static_cast<std::size_t>(i)];
    for (int i = 0; i < tail; ++i) {
      full[static_cast<std::size_t>(8 - tail + i)] = groups[static_cast<std::size_t>(gap + i)];
    }
  }
  for (std::size_t i = 0; i < 8; ++i) {
    a.bytes[2 * i] = static_cast<std::uint8_t>(full[i] >> 8);
    a.bytes[2 * i + 1] = static_cast<std::uint8_t>(full[i] & 0xFF);
  }
  return a;
}

bool v4_mapped(const Addr& a) {
  if (a.v4) return false;
  for (std::size_t i = 0; i < 10; ++i) {
    if (a.bytes[i] != 0) return false;
  }
  return a.bytes[10] == 0xFF && a.bytes[11] == 0xFF;
}

std::optional<Addr> parse_addr(std::string_view s) {
  std::optional<Addr> a = s.find(':') == std::string_view::npos ? parse_v4(s) : parse_v6(s);
  if (a && v4_mapped(*a)) return std::nullopt;
  return a;
}

std::string format_addr(const Addr& a) {
  char buf[64];
  if (a.v4) {
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", a.bytes[0], a.bytes[1], a.bytes[2], a.bytes[3]);
    return buf;
  }
  std::array<unsigned, 8> g{};
  for (std::size_t i = 0; i < 8; ++i) g[i] = static_cast<unsigned>(a.bytes[2 * i] << 8 | a.bytes[2 * i + 1]);
  // RFC 5952: compress the first longest run of two or more zero groups.
  int best = -1, best_len = 1;
  for (int i = 0; i < 8;) {
    if (g[static_cast<std::size_t>(i)] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && g[static_cast<std::size_t>(j)] == 0) ++j;
    if (j - i > best_len) {
      best = i;
      best_len = j - i;
    }
    i = j;
  }
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", g[static_cast<std::size_t>(i)]);
    out += buf;
  }
  return out;
}

class Ip final : public OpaqueValue {
 public:
  explicit Ip(Addr a) : a_(a) {}
  OpaqueType type() const override { return OpaqueType::Ip; }
  std::string_view type_name() const override { return "net.IP"; }
  bool equals(const OpaqueValue& o) const override { return a_ == static_cast<const Ip&>(o).a_; }
  const Addr& addr() const { return a_; }

 private:
  Addr a_;
};

struct Prefix {
  Addr addr;
  int bits = 0;
  bool operator==(const Prefix&) const = default;
};

class Cidr final : public OpaqueValue {
 public:
  explicit Cidr(Prefix p) : p_(p) {}
  OpaqueType type() const override { return OpaqueType::Cidr; }
  std::string_view type_name() const override { return "net.CIDR"; }
  bool equals(const OpaqueValue& o) const override { return p_ == static_cast<const Cidr&>(o).p_; }
  const Prefix& prefix() const { return p_; }

 private:
  Prefix p_;
};

std::optional<Prefix> parse_prefix(std::string_view s) {
  auto slash = s.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto a = parse_addr(s.substr(0, slash));
  if (!a) return std::nullopt;
  std::string_view bits = s.substr(slash + 1);
  if (bits.empty() || bits.size() > 3 || (bits.size() > 1 && bits[0] == '0')) return std::nullopt;
  int b = 0;
  for (char c : bits) {
    if (c < '0' || c > '9') return std::nullopt;
    b = b * 10 + (c - '0');
  }
  if (b > static_cast<int>(a->length() * 8)) return std::nullopt;
  return Prefix{*a, b};
}

Addr masked(const Addr& a, int bits) {
  Addr m = a;
  for (std::size_t i = 0; i < a.length(); ++i) {
    int keep = std::min(8, std::max(0, bits - static_cast<int>(i * 8)));
    m.bytes[i] = static_cast<std::uint8_t>(a.bytes[i] & (0xFF00 >> keep));
  }
  return m;
}

bool contains(const Prefix& p, const Addr& a) {
  return a.v4 == p.addr.v4 && masked(a, p.bits) == masked(p.addr, p.bits);
}

Value err(std::string m) {
  return Value::error(std::move(m));
}
const Addr& ip_of(const Value& v) {
  return static_cast<const Ip&>(v.as_opaque()).addr();
}
const Prefix& cidr_of(const Value& v) {
  return static_cast<const Cidr&>(v.as_opaque()).prefix();
}
Value make_ip(Addr a) {
  return Value::opaque(std::make_shared<const Ip>(a));
}
Value make_cidr(Prefix p) {
  return Value::opaque(std::make_shared<const Cidr>(p));
}

Value ip(Args a, CallContext&) {
  auto addr = parse_addr(a[0].as_string());
  if (!addr)
    return err("IP Address '" + std::string(a[0].as_string()) +
               "' parse error during conversion from string");
  return make_ip(*addr);
}
Value is_ip(Args a, CallContext&) {
  return Value::boolean(parse_addr(a[0].as_string()).has_value());
}
Value is_canonical(Args a, CallContext&) {
  auto addr = parse_addr(a[0].as_string());
  if (!addr) return err("IP Address '" + std::string(a[0].as_string()) + "' parse error");
  return Value::boolean(format_addr(*addr) == a[0].as_string());
}
Value family(Args a, CallContext&) {
  return Value::integer(ip_of(a[0]).v4 ? 4 : 6);
}

bool unspecified(const Addr& a) {
  for (std::size_t i = 0; i < a.length(); ++i) {
    if (a.bytes[i] != 0) return false;
  }
  return true;
}
bool loopback(const Addr& a) {
  if (a.v4) return a.bytes[0] == 127;
  for (std::size_t i = 0; i < 15; ++i) {
    if (a.bytes[i] != 0) return false;
  }
  return a.bytes[15] == 1;
}
bool multicast(const Addr& a) {
  return a.v4 ? (a.bytes[0] & 0xF0) == 0xE0 : a.bytes[0] == 0xFF;
}
bool link_local_multicast(const Addr& a) {
  if (a.v4) return a.bytes[0] == 224 && a.bytes[1] == 0 && a.bytes[2] == 0;
  return a.bytes[0] == 0xFF && (a.bytes[1] & 0x0F) == 0x02;
}
bool link_local_unicast(const Addr& a) {
  if (a.v4) return a.bytes[0] == 169 && a.bytes[1] == 254;
  return a.bytes[0] == 0xFE && (a.bytes[1] & 0xC0) == 0x80;
}
bool global_unicast(const Addr& a) {
  bool broadcast = a.v4 && a.bytes[0] == 255 && a.bytes[1] == 255 && a.bytes[2] == 255 && a.bytes[3] == 255;
  return !unspecified(a) && !loopback(a) && !multicast(a) && !link_local_unicast(a) && !broadcast;
}

Value is_unspecified(Args a, CallContext&) {
  return Value::boolean(unspecified(ip_of(a[0])));
}
Value is_loopback(Args a, CallContext&) {
  return Value::boolean(loopback(ip_of(a[0])));
}
Value is_llm(Args a, CallContext&) {
  return Value::boolean(link_local_multicast(ip_of(a[0])));
}
Value is_llu(Args a, CallContext&) {
  return Value::boolean(link_local_unicast(ip_of(a[0])));
}
Value is_global(Args a, CallContext&) {
  return Value::boolean(global_unicast(ip_of(a[0])));
}
Value ip_string(Args a, CallContext&) {
  return Value::string(format_addr(ip_of(a[0])));
}

Value cidr(Args a, CallContext&) {
  auto p = parse_prefix(a[0].as_string());
  if (!p)
    return err("network address parse error during conversion from string: " + std::string(a[0].as_string()));
  return make_cidr(*p);
}
Value is_cidr(Args a, CallContext&) {
  return Value::boolean(parse_prefix(a[0].as_string()).has_value());
}
Value contains_ip(Args a, CallContext&) {
  return Value::boolean(contains(cidr_of(a[0]), ip_of(a[1])));
}
Value contains_ip_string(Args a, CallContext&) {
  auto addr = parse_addr(a[1].as_string());
  if (!addr) return err("IP Address '" + std::string(a[1].as_string()) + "' parse error");
  return Value::boolean(contains(cidr_of(a[0]), *addr));
}
bool contains_prefix(const Prefix& outer, const Prefix& inner) {
  return inner.bits >= outer.bits && contains(outer, inner.addr);
}
Value contains_cidr(Args a, CallContext&) {
  return Value::boolean(contains_prefix(cidr_of(a[0]), cidr_of(a[1])));
}
Value contains_cidr_string(Args a, CallContext&) {
  auto p = parse_prefix(a[1].as_string());
  if (!p) return err("network address parse error: " + std::string(a[1].as_string()));
  return Value::boolean(contains_prefix(cidr_of(a[0]), *p));
}
Value cidr_ip(Args a, CallContext&) {
  return make_ip(cidr_of(a[0]).addr);
}
Value cidr_masked(Args a, CallContext&) {
  const Prefix& p = cidr_of(a[0]);
  return make_cidr(Prefix{masked(p.addr, p.bits), p.bits});
}
Value prefix_length(Args a, CallContext&) {
  return Value::integer(cidr_of(a[0]).bits);
}
Value cidr_string(Args a, CallContext&) {
  const Prefix& p = cidr_of(a[0]);
  return Value::string(format_addr(p.addr) + "/" + std::to_string(p.bits));
}

}  // namespace

void register_net(FunctionRegistry& r) {
  r.add("ip", false, {kS}, ip);
  r.add("isIP", false, {kS}, is_ip);
  r.add("ip.isCanonical", false, {kS}, is_canonical);
  r.add("family", true, {kIp}, family);
  r.add("isUnspecified", true, {kIp}, is_unspecified);
  r.add("isLoopback", true, {kIp}, is_loopback);
  r.add("isLinkLocalMulticast", true, {kIp}, is_llm);
  r.add("isLinkLocalUnicast", true, {kIp}, is_llu);
  r.add("isGlobalUnicast", true, {kIp}, is_global);
  r.add("string", false, {kIp}, ip_string);
  r.add("cidr", false, {kS}, cidr);
  r.add("isCIDR", false, {kS}, is_cidr);
  r.add("containsIP", true, {kCidr, kIp}, contains_ip);
  r.add("containsIP", true, {kCidr, kS}, contains_ip_string);
  r.add("containsCIDR", true, {kCidr, kCidr}, contains_cidr);
  r.add("containsCIDR", true, {kCidr, kS}, contains_cidr_string);
  r.add("ip", true, {kCidr}, cidr_ip);
  r.add("masked", true, {kCidr}, cidr_masked);
  r.add("prefixLength", true, {kCidr}, prefix_length);
  r.add("string", false, {kCidr}, cidr_string);
}

}  // namespace bulwark::cel
