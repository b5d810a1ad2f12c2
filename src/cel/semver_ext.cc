// Kubernetes semver library: semver(), isSemver() (optionally normalizing "v1.2" to "1.2.0"), major,
// minor, patch, isLessThan, isGreaterThan, compareTo, with Semantic Versioning 2.0.0 precedence.
#include <optional>

#include "cel/functions.h"

namespace bulwark::cel {

namespace {

using Args = std::span<const Value>;

constexpr std::uint8_t kS = K(Kind::String), kBool = K(Kind::Bool), kV = K(OpaqueType::Semver);

struct Version {
  std::uint64_t major = 0, minor = 0, patch = 0;
  std::vector<std::string> pre;
  bool operator==(const Version& o) const {
    return major == o.major && minor == o.minor && patch == o.patch && pre == o.pre;
  }
};

bool numeric(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool parse_number(std::string_view s, bool allow_leading_zero, std::uint64_t& out) {
  if (!numeric(s) || s.size() > 19 || (!allow_leading_zero && s.size() > 1 && s[0] == '0')) return false;
  out = 0;
  for (char c : s) out = out * 10 + static_cast<std::uint64_t>(c - '0');
  return true;
}

bool valid_identifier(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-'))
      return false;
  }
  return true;
}

std::optional<Version> parse_semver(std::string_view s, bool normalize) {
  if (normalize && s.starts_with("v")) s.remove_prefix(1);
  if (auto plus = s.find('+'); plus != std::string_view::npos) {
    std::string_view build = s.substr(plus + 1);
    s = s.substr(0, plus);
    while (true) {
      auto dot = build.find('.');
      if (!valid_identifier(build.substr(0, dot))) return std::nullopt;
      if (dot == std::string_view::npos) break;
      build.remove_prefix(dot + 1);
    }
  }
  Version v;
  if (auto dash = s.find('-'); dash != std::string_view::npos) {
    std::string_view pre = s.substr(dash + 1);
    s = s.substr(0, dash);
    while (true) {
      auto dot = pre.find('.');
      std::string_view id = pre.substr(0, dot);
      if (!valid_identifier(id) || (numeric(id) && id.size() > 1 && id[0] == '0')) return std::nullopt;
      v.pre.emplace_back(id);
      if (dot == std::string_view::npos) break;
      pre.remove_prefix(dot + 1);
    }
  }
  std::uint64_t* parts[] = {&v.major, &v.minor, &v.patch};
  int n = 0;
  while (true) {
    if (n == 3) return std::nullopt;
    auto dot = s.find('.');
    if (!parse_number(s.substr(0, dot), normalize, *parts[n])) return std::nullopt;
    ++n;
    if (dot == std::string_view::npos) break;
    s.remove_prefix(dot + 1);
  }
  if (n != 3 && !normalize) return std::nullopt;
  return v;
}

int compare_versions(const Version& a, const Version& b) {
  auto cmp = [](std::uint64_t x, std::uint64_t y) { return x < y ? -1 : (x > y ? 1 : 0); };
  if (int c = cmp(a.major, b.major)) return c;
  if (int c = cmp(a.minor, b.minor)) return c;
  if (int c = cmp(a.patch, b.patch)) return c;
  if (a.pre.empty() || b.pre.empty()) return a.pre.empty() == b.pre.empty() ? 0 : (a.pre.empty() ? 1 : -1);
  for (std::size_t i = 0; i < std::min(a.pre.size(), b.pre.size()); ++i) {
    const std::string& x = a.pre[i];
    const std::string& y = b.pre[i];
    bool xn = numeric(x), yn = numeric(y);
    if (xn && yn) {
      if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
    } else if (xn != yn) {
      return xn ? -1 : 1;
    }
    if (int c = x.compare(y)) return c < 0 ? -1 : 1;
  }
  return cmp(a.pre.size(), b.pre.size());
}

class Semver final : public OpaqueValue {
 public:
  explicit Semver(Version v) : v_(std::move(v)) {}
  OpaqueType type() const override { return OpaqueType::Semver; }
  std::string_view type_name() const override { return "kubernetes.Semver"; }
  bool equals(const OpaqueValue& o) const override {
    return compare_versions(v_, static_cast<const Semver&>(o).v_) == 0;
  }
  const Version& version() const { return v_; }

 private:
  Version v_;
};

const Version& ver(const Value& v) {
  return static_cast<const Semver&>(v.as_opaque()).version();
}

Value make(std::string_view s, bool normalize) {
  auto v = parse_semver(s, normalize);
  if (!v) return Value::error("invalid semver: " + std::string(s));
  return Value::opaque(std::make_shared<const Semver>(std::move(*v)));
}

Value semver(Args a, CallContext&) {
  return make(a[0].as_string(), false);
}
Value semver_norm(Args a, CallContext&) {
  return make(a[0].as_string(), a[1].as_bool());
}
Value is_semver(Args a, CallContext&) {
  return Value::boolean(parse_semver(a[0].as_string(), false).has_value());
}
Value is_semver_norm(Args a, CallContext&) {
  return Value::boolean(parse_semver(a[0].as_string(), a[1].as_bool()).has_value());
}
Value major(Args a, CallContext&) {
  return Value::integer(static_cast<std::int64_t>(ver(a[0]).major));
}
Value minor(Args a, CallContext&) {
  return Value::integer(static_cast<std::int64_t>(ver(a[0]).minor));
}
Value patch(Args a, CallContext&) {
  return Value::integer(static_cast<std::int64_t>(ver(a[0]).patch));
}
Value less(Args a, CallContext&) {
  return Value::boolean(compare_versions(ver(a[0]), ver(a[1])) < 0);
}
Value greater(Args a, CallContext&) {
  return Value::boolean(compare_versions(ver(a[0]), ver(a[1])) > 0);
}
Value compare_to(Args a, CallContext&) {
  return Value::integer(compare_versions(ver(a[0]), ver(a[1])));
}

}  // namespace

void register_semver(FunctionRegistry& r) {
  r.add("semver", false, {kS}, semver);
  r.add("semver", false, {kS, kBool}, semver_norm);
  r.add("isSemver", false, {kS}, is_semver);
  r.add("isSemver", false, {kS, kBool}, is_semver_norm);
  r.add("major", true, {kV}, major);
  r.add("minor", true, {kV}, minor);
  r.add("patch", true, {kV}, patch);
  r.add("isLessThan", true, {kV, kV}, less);
  r.add("isGreaterThan", true, {kV, kV}, greater);
  r.add("compareTo", true, {kV, kV}, compare_to);
}

}  // namespace bulwark::cel
