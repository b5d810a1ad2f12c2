#include "doc/scalar_resolver.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace bulwark::doc {
namespace {

constexpr std::string_view kTagPrefix = "tag:yaml.org,2002:";

struct Keyword {
  std::string_view text;
  NodeKind kind;
  bool boolean;
  double number;
};

// goyaml.v2 resolve.go's resolveMap, entry for entry.
constexpr Keyword kKeywords[] = {
    {"", NodeKind::Null, false, 0},
    {"~", NodeKind::Null, false, 0},
    {"null", NodeKind::Null, false, 0},
    {"Null", NodeKind::Null, false, 0},
    {"NULL", NodeKind::Null, false, 0},
    {"y", NodeKind::Bool, true, 0},
    {"Y", NodeKind::Bool, true, 0},
    {"yes", NodeKind::Bool, true, 0},
    {"Yes", NodeKind::Bool, true, 0},
    {"YES", NodeKind::Bool, true, 0},
    {"true", NodeKind::Bool, true, 0},
    {"True", NodeKind::Bool, true, 0},
    {"TRUE", NodeKind::Bool, true, 0},
    {"on", NodeKind::Bool, true, 0},
    {"On", NodeKind::Bool, true, 0},
    {"ON", NodeKind::Bool, true, 0},
    {"n", NodeKind::Bool, false, 0},
    {"N", NodeKind::Bool, false, 0},
    {"no", NodeKind::Bool, false, 0},
    {"No", NodeKind::Bool, false, 0},
    {"NO", NodeKind::Bool, false, 0},
    {"false", NodeKind::Bool, false, 0},
    {"False", NodeKind::Bool, false, 0},
    {"FALSE", NodeKind::Bool, false, 0},
    {"off", NodeKind::Bool, false, 0},
    {"Off", NodeKind::Bool, false, 0},
    {"OFF", NodeKind::Bool, false, 0},
    {".nan", NodeKind::Float, false, NAN},
    {".NaN", NodeKind::Float, false, NAN},
    {".NAN", NodeKind::Float, false, NAN},
    {".inf", NodeKind::Float, false, INFINITY},
    {".Inf", NodeKind::Float, false, INFINITY},
    {".INF", NodeKind::Float, false, INFINITY},
    {"+.inf", NodeKind::Float, false, INFINITY},
    {"+.Inf", NodeKind::Float, false, INFINITY},
    {"+.INF", NodeKind::Float, false, INFINITY},
    {"-.inf", NodeKind::Float, false, -INFINITY},
    {"-.Inf", NodeKind::Float, false, -INFINITY},
    {"-.INF", NodeKind::Float, false, -INFINITY},
    {"<<", NodeKind::String, false, 0},
};

// goyaml.v2's resolveTable: which first characters may start a non-string plain scalar.
enum class Hint { None, Keyword, Number, Dot };
Hint hint_for(std::string_view s) {
  if (s.empty()) return Hint::Keyword;
  const char c = s.front();
  if (c == '+' || c == '-' || (c >= '0' && c <= '9')) return Hint::Number;
  if (c == '.') return Hint::Dot;
  switch (c) {
    case 'y':
    case 'Y':
    case 'n':
    case 'N':
    case 't':
    case 'T':
    case 'f':
    case 'F':
    case 'o':
    case 'O':
    case '~':
      return Hint::Keyword;
    default:
      return Hint::None;
  }
}

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

// Go's strconv.ParseUint(s, 0, 64), underscores already removed.
std::optional<uint64_t> go_parse_uint_base0(std::string_view s) {
  if (s.empty()) return std::nullopt;
  unsigned base = 10;
  if (s[0] == '0') {
    const char p = s.size() >= 3 ? static_cast<char>(s[1] | 0x20) : '\0';
    if (p == 'b') {
      base = 2;
      s.remove_prefix(2);
    } else if (p == 'o') {
      base = 8;
      s.remove_prefix(2);
    } else if (p == 'x') {
      base = 16;
      s.remove_prefix(2);
    } else {
      base = 8;
      s.remove_prefix(1);
    }
  }
  uint64_t n = 0;
  for (const char c : s) {
    const int d = digit_value(c);
    if (d >= static_cast<int>(base)) return std::nullopt;
    if (n > (std::numeric_limits<uint64_t>::max() - static_cast<uint64_t>(d)) / base) return std::nullopt;
    n = n * base + static_cast<uint64_t>(d);
  }
  return n;
}

// Go's strconv.ParseInt(s, 0, 64).
std::optional<int64_t> go_parse_int_base0(std::string_view s) {
  if (s.empty()) return std::nullopt;
  bool negative = false;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  const auto magnitude = go_parse_uint_base0(s);
  if (!magnitude) return std::nullopt;
  constexpr uint64_t kLimit = uint64_t{1} << 63;
  if (negative) {
    if (*magnitude > kLimit) return std::nullopt;
    return *magnitude == kLimit ? std::numeric_limits<int64_t>::min() : -static_cast<int64_t>(*magnitude);
  }
  if (*magnitude >= kLimit) return std::nullopt;
  return static_cast<int64_t>(*magnitude);
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool matches_yaml_style_float(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    const std::size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == start) return false;
  } else {
    const std::size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == start) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      while (i < s.size() && is_digit(s[i])) ++i;
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    const std::size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == start) return false;
  }
  return i == s.size();
}

// Go's ParseFloat on text that already matches the YAML float pattern: fails only on overflow.
std::optional<double> parse_decimal_float(std::string_view s) {
  const std::string copy(s);
  errno = 0;
  char* end = nullptr;
  const double d = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return std::nullopt;
  if (errno == ERANGE && std::isinf(d)) return std::nullopt;
  return d;
}

ResolvedScalar string_scalar() {
  return ResolvedScalar{};
}

std::optional<ResolvedScalar> resolve_number(std::string_view text) {
  std::string plain;
  plain.reserve(text.size());
  for (const char c : text)
    if (c != '_') plain.push_back(c);
  if (const auto i = go_parse_int_base0(plain)) return ResolvedScalar{NodeKind::Int, false, *i, 0};
  if (const auto u = go_parse_uint_base0(plain))
    return ResolvedScalar{NodeKind::Float, false, 0, static_cast<double>(*u)};
  if (matches_yaml_style_float(plain))
    if (const auto d = parse_decimal_float(plain)) return ResolvedScalar{NodeKind::Float, false, 0, *d};
  return std::nullopt;
}

bool decode_base64(std::string_view in, std::string& out) {
  out.clear();
  uint32_t acc = 0;
  int bits = 0;
  std::size_t padding = 0;
  for (const char c : in) {
    if (c == '\n' || c == '\r') continue;
    int v;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '+')
      v = 62;
    else if (c == '/')
      v = 63;
    else if (c == '=') {
      ++padding;
      continue;
    } else {
      return false;
    }
    if (padding) return false;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return padding <= 2;
}

}  // namespace

ResolvedScalar resolve_plain_scalar(std::string_view text) {
  const Hint hint = hint_for(text);
  if (hint == Hint::None) return string_scalar();
  for (const Keyword& k : kKeywords) {
    if (k.text == text) {
      if (k.kind == NodeKind::String) return string_scalar();
      return ResolvedScalar{k.kind, k.boolean, 0, k.number};
    }
  }
  if (hint == Hint::Dot) {
    // Go's ParseFloat on a string starting with '.' accepts exactly the YAML float pattern.
    if (matches_yaml_style_float(text))
      if (const auto d = parse_decimal_float(text)) return ResolvedScalar{NodeKind::Float, false, 0, *d};
    return string_scalar();
  }
  if (hint == Hint::Number)
    if (auto r = resolve_number(text)) return *r;
  return string_scalar();
}

std::expected<ResolvedScalar, std::string> resolve_tagged_scalar(std::string_view tag, std::string_view text,
                                                                 std::string& decoded) {
  if (!tag.starts_with(kTagPrefix)) return string_scalar();
  const std::string_view short_tag = tag.substr(kTagPrefix.size());
  if (short_tag == "str" || short_tag == "timestamp") return string_scalar();
  if (short_tag == "binary") {
    if (!decode_base64(text, decoded)) return std::unexpected("!!binary value is not valid base64");
    return string_scalar();
  }
  if (short_tag != "bool" && short_tag != "int" && short_tag != "float") return string_scalar();
  ResolvedScalar r = resolve_plain_scalar(text);
  if (short_tag == "float" && r.kind == NodeKind::Int) {
    r.kind = NodeKind::Float;
    r.number = static_cast<double>(r.integer);
  }
  const bool fits = (short_tag == "bool" && r.kind == NodeKind::Bool) ||
                    (short_tag == "int" && r.kind == NodeKind::Int) ||
                    (short_tag == "float" && r.kind == NodeKind::Float);
  if (!fits) {
    const std::string_view got = r.kind == NodeKind::String ? "str" : to_string(r.kind);
    return std::unexpected("cannot decode !!" + std::string(got) + " `" + std::string(text) + "` as a !!" +
                           std::string(short_tag));
  }
  return r;
}

std::string format_go_float(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // Shortest round-trip digits, then Go's 'g' rule for the shortest form: exponent notation
  // when the decimal exponent is < -4 or >= 6 (Go uses precision 6 for that decision).
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  if (ec != std::errc{}) return "0";
  std::string sci(buf, end);
  const auto e_pos = sci.find('e');
  const int exponent = std::atoi(sci.c_str() + e_pos + 1);
  if (exponent < -4 || exponent >= 6) {
    // Go writes at least two exponent digits: 1e+06, 1e-05.
    std::string mantissa = sci.substr(0, e_pos);
    char exp_buf[16];
    std::snprintf(exp_buf, sizeof exp_buf, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    return mantissa + exp_buf;
  }
  auto [fend, fec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
  if (fec != std::errc{}) return "0";
  return std::string(buf, fend);
}

}  // namespace bulwark::doc
