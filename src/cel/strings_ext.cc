// cel-go ext strings (version 3 as Kubernetes loads it): every index counts code points, not bytes.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "cel/functions.h"
#include "cel/number_format.h"
#include "cel/time.h"
#include "cel/unicode.h"

namespace bulwark::cel {

namespace {

using Args = std::span<const Value>;

constexpr std::uint8_t kI = K(Kind::Int), kS = K(Kind::String), kL = K(Kind::List), kAny = kAnyKind;

Value err(std::string m) {
  return Value::error(std::move(m));
}

std::vector<std::size_t> code_point_offsets(std::string_view s) {
  std::vector<std::size_t> offs;
  std::size_t pos = 0;
  while (pos < s.size()) {
    offs.push_back(pos);
    decode_utf8(s, pos);
  }
  offs.push_back(s.size());
  return offs;
}

Value char_at(Args a, CallContext&) {
  std::string_view s = a[0].as_string();
  std::int64_t i = a[1].as_int();
  auto offs = code_point_offsets(s);
  auto n = static_cast<std::int64_t>(offs.size() - 1);
  if (i < 0 || i > n) return err("index out of range: " + std::to_string(i));
  if (i == n) return Value::string_view("");
  auto k = static_cast<std::size_t>(i);
  return Value::string(std::string(s.substr(offs[k], offs[k + 1] - offs[k])));
}

// Code point index of `needle` at or after code point `start`.
Value index_of_impl(std::string_view s, std::string_view needle, std::int64_t start) {
  auto offs = code_point_offsets(s);
  auto n = static_cast<std::int64_t>(offs.size() - 1);
  if (start < 0 || start > n) return err("index out of range: " + std::to_string(start));
  std::size_t at = s.find(needle, offs[static_cast<std::size_t>(start)]);
  if (at == std::string_view::npos) return Value::integer(-1);
  return Value::integer(
      static_cast<std::int64_t>(std::lower_bound(offs.begin(), offs.end(), at) - offs.begin()));
}

Value index_of(Args a, CallContext&) {
  return index_of_impl(a[0].as_string(), a[1].as_string(), 0);
}
Value index_of_from(Args a, CallContext&) {
  return index_of_impl(a[0].as_string(), a[1].as_string(), a[2].as_int());
}

Value last_index_of_impl(std::string_view s, std::string_view needle, std::int64_t start, bool has_start) {
  auto offs = code_point_offsets(s);
  auto n = static_cast<std::int64_t>(offs.size() - 1);
  if (!has_start) start = n;
  if (start < 0 || start > n) return err("index out of range: " + std::to_string(start));
  std::size_t limit = offs[static_cast<std::size_t>(start)];
  std::size_t at = s.rfind(needle, limit);
  if (at == std::string_view::npos) return Value::integer(-1);
  return Value::integer(
      static_cast<std::int64_t>(std::lower_bound(offs.begin(), offs.end(), at) - offs.begin()));
}

Value last_index_of(Args a, CallContext&) {
  return last_index_of_impl(a[0].as_string(), a[1].as_string(), 0, false);
}
Value last_index_of_from(Args a, CallContext&) {
  return last_index_of_impl(a[0].as_string(), a[1].as_string(), a[2].as_int(), true);
}

Value lower_ascii(Args a, CallContext&) {
  std::string s(a[0].as_string());
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return Value::string(std::move(s));
}

Value upper_ascii(Args a, CallContext&) {
  std::string s(a[0].as_string());
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return Value::string(std::move(s));
}

Value replace_impl(std::string_view s, std::string_view from, std::string_view to, std::int64_t n) {
  std::string out;
  std::size_t pos = 0;
  std::int64_t done = 0;
  while (n < 0 || done < n) {
    std::size_t at;
    if (from.empty()) {
      // Go inserts the replacement before every code point and at the end.
      if (pos > s.size()) break;
      out += to;
      ++done;
      if (pos == s.size()) {
        pos = s.size() + 1;
        break;
      }
      std::size_t next = pos;
      decode_utf8(s, next);
      out += s.substr(pos, next - pos);
      pos = next;
      continue;
    }
    at = s.find(from, pos);
    if (at == std::string_view::npos) break;
    out += s.substr(pos, at - pos);
    out += to;
    pos = at + from.size();
    ++done;
  }
  if (pos <= s.size()) out += s.substr(pos);
  return Value::string(std::move(out));
}

Value replace_all(Args a, CallContext&) {
  return replace_impl(a[0].as_string(), a[1].as_string(), a[2].as_string(), -1);
}
Value replace_n(Args a, CallContext&) {
  return replace_impl(a[0].as_string(), a[1].as_string(), a[2].as_string(), a[3].as_int());
}

Value split_impl(std::string_view s, std::string_view sep, std::int64_t n) {
  std::vector<Value> parts;
  if (n == 0) return Value::list({});
  if (sep.empty()) {
    std::size_t pos = 0;
    while (pos < s.size()) {
      if (n > 0 && static_cast<std::int64_t>(parts.size()) == n - 1) {
        parts.push_back(Value::string(std::string(s.substr(pos))));
        return Value::list(std::move(parts));
      }
      std::size_t next = pos;
      decode_utf8(s, next);
      parts.push_back(Value::string(std::string(s.substr(pos, next - pos))));
      pos = next;
    }
    return Value::list(std::move(parts));
  }
  std::size_t pos = 0;
  while (true) {
    if (n > 0 && static_cast<std::int64_t>(parts.size()) == n - 1) break;
    std::size_t at = s.find(sep, pos);
    if (at == std::string_view::npos) break;
    parts.push_back(Value::string(std::string(s.substr(pos, at - pos))));
    pos = at + sep.size();
  }
  parts.push_back(Value::string(std::string(s.substr(pos))));
  return Value::list(std::move(parts));
}

Value split(Args a, CallContext&) {
  return split_impl(a[0].as_string(), a[1].as_string(), -1);
}
Value split_n(Args a, CallContext&) {
  return split_impl(a[0].as_string(), a[1].as_string(), a[2].as_int());
}

Value substring_impl(std::string_view s, std::int64_t start, std::int64_t end, bool has_end) {
  auto offs = code_point_offsets(s);
  auto n = static_cast<std::int64_t>(offs.size() - 1);
  if (!has_end) end = n;
  if (start < 0 || start > n) return err("index out of range: " + std::to_string(start));
  if (end < 0 || end > n) return err("index out of range: " + std::to_string(end));
  if (start > end)
    return err("invalid substring range. start: " + std::to_string(start) + ", end: " + std::to_string(end));
  std::size_t b = offs[static_cast<std::size_t>(start)];
  std::size_t e = offs[static_cast<std::size_t>(end)];
  return Value::string(std::string(s.substr(b, e - b)));
}

Value substring(Args a, CallContext&) {
  return substring_impl(a[0].as_string(), a[1].as_int(), 0, false);
}
Value substring_range(Args a, CallContext&) {
  return substring_impl(a[0].as_string(), a[1].as_int(), a[2].as_int(), true);
}

// Go's unicode.IsSpace.
bool is_space(char32_t c) {
  switch (c) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

Value trim(Args a, CallContext&) {
  std::string_view s = a[0].as_string();
  auto offs = code_point_offsets(s);
  std::size_t first = 0, last = offs.size() - 1;
  while (first < last) {
    std::size_t p = offs[first];
    if (!is_space(decode_utf8(s, p))) break;
    ++first;
  }
  while (last > first) {
    std::size_t p = offs[last - 1];
    if (!is_space(decode_utf8(s, p))) break;
    --last;
  }
  return Value::string(std::string(s.substr(offs[first], offs[last] - offs[first])));
}

Value join_impl(const Value& list, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    Value e = list.element(i);
    if (e.kind() != Kind::String) return err("join: list element is not a string");
    if (i > 0) out += sep;
    out += e.as_string();
  }
  return Value::string(std::move(out));
}

Value join(Args a, CallContext&) {
  return join_impl(a[0], "");
}
Value join_sep(Args a, CallContext&) {
  return join_impl(a[0], a[1].as_string());
}

Value reverse(Args a, CallContext&) {
  std::string_view s = a[0].as_string();
  auto offs = code_point_offsets(s);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = offs.size() - 1; i > 0; --i) out += s.substr(offs[i - 1], offs[i] - offs[i - 1]);
  return Value::string(std::move(out));
}

Value quote(Args a, CallContext&) {
  std::string_view s = a[0].as_string();
  std::string out = "\"";
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::size_t start = pos;
    char32_t c = decode_utf8(s, pos);
    switch (c) {
      case '\a':
        out += "\\a";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
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
      case '\v':
        out += "\\v";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      default:
        if (c == 0xFFFD && pos - start == 1) {
          append_utf8(out, 0xFFFD);
        } else {
          out += s.substr(start, pos - start);
        }
    }
  }
  out += "\"";
  return Value::string(std::move(out));
}

// ---- format ----

std::string format_double_for_s(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  return format_double(d);
}

bool format_s(const Value& v, std::string& out, std::string& error);

bool format_s_key(const Value& v, std::string& out, std::string& error) {
  return format_s(v, out, error);
}

bool format_s(const Value& v, std::string& out, std::string& error) {
  switch (v.kind()) {
    case Kind::Null:
      out += "null";
      return true;
    case Kind::Bool:
      out += v.as_bool() ? "true" : "false";
      return true;
    case Kind::Int:
      out += std::to_string(v.as_int());
      return true;
    case Kind::Uint:
      out += std::to_string(v.as_uint());
      return true;
    case Kind::Double:
      out += format_double_for_s(v.as_double());
      return true;
    case Kind::String:
    case Kind::Bytes:
    case Kind::Type:
      out += v.as_string();
      return true;
    case Kind::Timestamp:
      out += format_timestamp({v.seconds(), v.nanos()});
      return true;
    case Kind::Duration:
      out += format_duration({v.seconds(), v.nanos()});
      return true;
    case Kind::List:
      out += "[";
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (i > 0) out += ", ";
        if (!format_s(v.element(i), out, error)) return false;
      }
      out += "]";
      return true;
    case Kind::Map: {
      std::vector<std::pair<std::string, std::string>> entries;
      for (std::size_t i = 0; i < v.size(); ++i) {
        std::string k, val;
        if (!format_s_key(v.key_at(i), k, error) || !format_s(v.value_at(i), val, error)) return false;
        entries.emplace_back(std::move(k), std::move(val));
      }
      std::sort(entries.begin(), entries.end());
      out += "{";
      for (std::size_t i = 0; i < entries.size(); ++i) {
        if (i > 0) out += ", ";
        out += entries[i].first + ": " + entries[i].second;
      }
      out += "}";
      return true;
    }
    default:
      error =
          "error during formatting: string clause can only be used on strings, bools, bytes, ints, doubles, "
          "maps, lists, types, durations, and timestamps, was given " +
          std::string(v.type_name());
      return false;
  }
}

bool non_finite(const Value& v, std::string& out) {
  if (v.kind() != Kind::Double || std::isfinite(v.as_double())) return false;
  out += format_double_for_s(v.as_double());
  return true;
}

std::string to_base(std::uint64_t u, int base, bool upper) {
  if (u == 0) return "0";
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string s;
  while (u > 0) {
    s += digits[u % static_cast<std::uint64_t>(base)];
    u /= static_cast<std::uint64_t>(base);
  }
  std::reverse(s.begin(), s.end());
  return s;
}

bool format_integer_base(const Value& v, int base, bool upper, std::string& out) {
  if (v.kind() == Kind::Int) {
    std::int64_t i = v.as_int();
    std::uint64_t mag = i < 0 ? 0 - static_cast<std::uint64_t>(i) : static_cast<std::uint64_t>(i);
    if (i < 0) out.push_back('-');
    out.append(to_base(mag, base, upper));
    return true;
  }
  if (v.kind() == Kind::Uint) {
    out += to_base(v.as_uint(), base, upper);
    return true;
  }
  return false;
}

Value format(Args a, CallContext&) {
  std::string_view f = a[0].as_string();
  const Value& args = a[1];
  std::string out;
  std::size_t next_arg = 0;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%') {
      out += f[i];
      continue;
    }
    ++i;
    if (i < f.size() && f[i] == '%') {
      out += '%';
      continue;
    }
    int precision = -1;
    if (i < f.size() && f[i] == '.') {
      ++i;
      precision = 0;
      while (i < f.size() && f[i] >= '0' && f[i] <= '9') precision = precision * 10 + (f[i++] - '0');
    }
    if (i >= f.size()) return err("could not parse formatting clause: unexpected end of string");
    char verb = f[i];
    if (std::string_view("sdfexXob").find(verb) == std::string_view::npos) {
      return err(std::string("could not parse formatting clause: unrecognized formatting clause \"") + verb +
                 "\"");
    }
    if (next_arg >= args.size()) return err("index " + std::to_string(next_arg) + " out of range");
    Value v = args.element(next_arg++);
    std::string error;
    switch (verb) {
      case 's':
        if (!format_s(v, out, error)) return err(error);
        break;
      case 'd':
        if (non_finite(v, out)) break;
        if (!format_integer_base(v, 10, false, out)) {
          return err("error during formatting: decimal clause can only be used on integers, was given " +
                     std::string(v.type_name()));
        }
        break;
      case 'f':
      case 'e': {
        if (non_finite(v, out)) break;
        if (v.kind() != Kind::Double) {
          return err(std::string("error during formatting: ") + (verb == 'f' ? "fixed-point" : "scientific") +
                     " clause can only be used on doubles, was given " + std::string(v.type_name()));
        }
        char buf[512];
        std::snprintf(buf, sizeof buf, verb == 'f' ? "%.*f" : "%.*e",
                      precision < 0 ? 6 : std::min(precision, 100), v.as_double());
        out += buf;
        break;
      }
      case 'x':
      case 'X': {
        bool upper = verb == 'X';
        if (format_integer_base(v, 16, upper, out)) break;
        if (v.kind() == Kind::String || v.kind() == Kind::Bytes) {
          const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
          for (unsigned char c : v.as_string()) {
            out += digits[c >> 4];
            out += digits[c & 15];
          }
          break;
        }
        return err(
            "error during formatting: only integers, byte buffers, and strings can be formatted as hex, "
            "was given " +
            std::string(v.type_name()));
      }
      case 'o':
        if (!format_integer_base(v, 8, false, out)) {
          return err("error during formatting: octal clause can only be used on integers, was given " +
                     std::string(v.type_name()));
        }
        break;
      case 'b':
        if (v.kind() == Kind::Bool) {
          out += v.as_bool() ? "1" : "0";
          break;
        }
        if (!format_integer_base(v, 2, false, out)) {
          return err(
              "error during formatting: only integers and bools can be formatted as binary, was given " +
              std::string(v.type_name()));
        }
        break;
      default:
        break;
    }
  }
  return Value::string(std::move(out));
}

}  // namespace

void register_strings_ext(FunctionRegistry& r) {
  r.add("charAt", true, {kS, kI}, char_at);
  r.add("indexOf", true, {kS, kS}, index_of);
  r.add("indexOf", true, {kS, kS, kI}, index_of_from);
  r.add("lastIndexOf", true, {kS, kS}, last_index_of);
  r.add("lastIndexOf", true, {kS, kS, kI}, last_index_of_from);
  r.add("lowerAscii", true, {kS}, lower_ascii);
  r.add("upperAscii", true, {kS}, upper_ascii);
  r.add("replace", true, {kS, kS, kS}, replace_all);
  r.add("replace", true, {kS, kS, kS, kI}, replace_n);
  r.add("split", true, {kS, kS}, split);
  r.add("split", true, {kS, kS, kI}, split_n);
  r.add("substring", true, {kS, kI}, substring);
  r.add("substring", true, {kS, kI, kI}, substring_range);
  r.add("trim", true, {kS}, trim);
  r.add("join", true, {kL}, join);
  r.add("join", true, {kL, kS}, join_sep);
  r.add("reverse", true, {kS}, reverse);
  r.add("strings.quote", false, {kS}, quote);
  r.add("format", true, {kS, kL}, format);
  (void)kAny;
}

}  // namespace bulwark::cel
