// The CEL standard definitions (cel-spec langdef "Standard definitions"): operators, conversions,
// string functions, timestamps/durations and optionals.
#include <re2/re2.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "cel/functions.h"
#include "cel/number_format.h"
#include "cel/time.h"
#include "cel/unicode.h"

namespace bulwark::cel {

namespace {

using Args = std::span<const Value>;

constexpr std::uint8_t kI = K(Kind::Int), kU = K(Kind::Uint), kD = K(Kind::Double), kS = K(Kind::String),
                       kB = K(Kind::Bytes), kBool = K(Kind::Bool), kL = K(Kind::List), kM = K(Kind::Map),
                       kTs = K(Kind::Timestamp), kDur = K(Kind::Duration), kOpt = K(Kind::Optional),
                       kNull = K(Kind::Null), kType = K(Kind::Type), kAny = kAnyKind;

Value err(std::string m) {
  return Value::error(std::move(m));
}
Value overflow() {
  return err("return error for overflow");
}

// ---- time arithmetic ----

TimeParts parts(const Value& v) {
  return {v.seconds(), v.nanos()};
}

TimeParts normalize_timestamp(std::int64_t s, std::int64_t n) {
  s += n / 1000000000;
  n %= 1000000000;
  if (n < 0) {
    n += 1000000000;
    s -= 1;
  }
  return {s, static_cast<std::int32_t>(n)};
}

TimeParts normalize_duration(std::int64_t s, std::int64_t n) {
  s += n / 1000000000;
  n %= 1000000000;
  if (s > 0 && n < 0) {
    n += 1000000000;
    s -= 1;
  } else if (s < 0 && n > 0) {
    n -= 1000000000;
    s += 1;
  }
  return {s, static_cast<std::int32_t>(n)};
}

Value make_timestamp(TimeParts t) {
  if (!timestamp_in_range(t)) return err("timestamp out of range");
  return Value::timestamp(t.seconds, t.nanos);
}

Value make_duration(TimeParts d) {
  if (!duration_in_range(d)) return err("duration out of range");
  return Value::duration(d.seconds, d.nanos);
}

// ---- arithmetic ----

Value add_int(Args a, CallContext&) {
  std::int64_t r;
  if (__builtin_add_overflow(a[0].as_int(), a[1].as_int(), &r)) return overflow();
  return Value::integer(r);
}
Value sub_int(Args a, CallContext&) {
  std::int64_t r;
  if (__builtin_sub_overflow(a[0].as_int(), a[1].as_int(), &r)) return overflow();
  return Value::integer(r);
}
Value mul_int(Args a, CallContext&) {
  std::int64_t r;
  if (__builtin_mul_overflow(a[0].as_int(), a[1].as_int(), &r)) return overflow();
  return Value::integer(r);
}
Value div_int(Args a, CallContext&) {
  if (a[1].as_int() == 0) return err("division by zero");
  if (a[0].as_int() == INT64_MIN && a[1].as_int() == -1) return overflow();
  return Value::integer(a[0].as_int() / a[1].as_int());
}
Value mod_int(Args a, CallContext&) {
  if (a[1].as_int() == 0) return err("modulus by zero");
  if (a[0].as_int() == INT64_MIN && a[1].as_int() == -1) return overflow();
  return Value::integer(a[0].as_int() % a[1].as_int());
}
Value add_uint(Args a, CallContext&) {
  std::uint64_t r;
  if (__builtin_add_overflow(a[0].as_uint(), a[1].as_uint(), &r)) return overflow();
  return Value::uinteger(r);
}
Value sub_uint(Args a, CallContext&) {
  std::uint64_t r;
  if (__builtin_sub_overflow(a[0].as_uint(), a[1].as_uint(), &r)) return overflow();
  return Value::uinteger(r);
}
Value mul_uint(Args a, CallContext&) {
  std::uint64_t r;
  if (__builtin_mul_overflow(a[0].as_uint(), a[1].as_uint(), &r)) return overflow();
  return Value::uinteger(r);
}
Value div_uint(Args a, CallContext&) {
  if (a[1].as_uint() == 0) return err("division by zero");
  return Value::uinteger(a[0].as_uint() / a[1].as_uint());
}
Value mod_uint(Args a, CallContext&) {
  if (a[1].as_uint() == 0) return err("modulus by zero");
  return Value::uinteger(a[0].as_uint() % a[1].as_uint());
}
Value add_double(Args a, CallContext&) {
  return Value::dbl(a[0].as_double() + a[1].as_double());
}
Value sub_double(Args a, CallContext&) {
  return Value::dbl(a[0].as_double() - a[1].as_double());
}
Value mul_double(Args a, CallContext&) {
  return Value::dbl(a[0].as_double() * a[1].as_double());
}
Value div_double(Args a, CallContext&) {
  return Value::dbl(a[0].as_double() / a[1].as_double());
}
Value neg_int(Args a, CallContext&) {
  if (a[0].as_int() == INT64_MIN) return overflow();
  return Value::integer(-a[0].as_int());
}
Value neg_double(Args a, CallContext&) {
  return Value::dbl(-a[0].as_double());
}
Value not_bool(Args a, CallContext&) {
  return Value::boolean(!a[0].as_bool());
}

Value concat_string(Args a, CallContext& ctx) {
  std::string s;
  s.reserve(a[0].as_string().size() + a[1].as_string().size());
  s += a[0].as_string();
  s += a[1].as_string();
  *ctx.cost += s.size() / 10;
  Value v = Value::string(std::move(s));
  return v;
}
Value concat_bytes(Args a, CallContext& ctx) {
  Value v = concat_string(a, ctx);
  return Value::bytes(std::string(v.as_string()));
}
Value concat_list(Args a, CallContext& ctx) {
  std::vector<Value> items;
  items.reserve(a[0].size() + a[1].size());
  for (std::size_t i = 0; i < a[0].size(); ++i) items.push_back(a[0].element(i));
  for (std::size_t i = 0; i < a[1].size(); ++i) items.push_back(a[1].element(i));
  *ctx.cost += items.size() / 10;
  return Value::list(std::move(items));
}

Value add_ts_dur(Args a, CallContext&) {
  const Value& ts = a[0].kind() == Kind::Timestamp ? a[0] : a[1];
  const Value& d = a[0].kind() == Kind::Timestamp ? a[1] : a[0];
  return make_timestamp(normalize_timestamp(ts.seconds() + d.seconds(), ts.nanos() + d.nanos()));
}
Value add_dur(Args a, CallContext&) {
  return make_duration(normalize_duration(a[0].seconds() + a[1].seconds(), a[0].nanos() + a[1].nanos()));
}
Value sub_ts_dur(Args a, CallContext&) {
  return make_timestamp(normalize_timestamp(a[0].seconds() - a[1].seconds(), a[0].nanos() - a[1].nanos()));
}
Value sub_dur(Args a, CallContext&) {
  return make_duration(normalize_duration(a[0].seconds() - a[1].seconds(), a[0].nanos() - a[1].nanos()));
}
Value sub_ts(Args a, CallContext&) {
  TimeParts d = normalize_duration(a[0].seconds() - a[1].seconds(), a[0].nanos() - a[1].nanos());
  // A timestamp difference is a Go time.Duration in cel-go: it must fit in int64 nanoseconds.
  if (d.seconds > 9223372035 || d.seconds < -9223372035) return err("duration out of range");
  return Value::duration(d.seconds, d.nanos);
}

// ---- comparison ----

Value eq(Args a, CallContext&) {
  return Value::boolean(equals(a[0], a[1]));
}
Value ne(Args a, CallContext&) {
  return Value::boolean(!equals(a[0], a[1]));
}

template <int Op>
Value ordered(Args a, CallContext&) {
  int c = compare(a[0], a[1]);
  if (c == 3)
    return err("no such overload: comparison of " + std::string(a[0].type_name()) + " and " +
               std::string(a[1].type_name()));
  if (c == 2) return Value::boolean(false);
  switch (Op) {
    case 0:
      return Value::boolean(c < 0);
    case 1:
      return Value::boolean(c <= 0);
    case 2:
      return Value::boolean(c > 0);
    default:
      return Value::boolean(c >= 0);
  }
}

Value in_list(Args a, CallContext& ctx) {
  std::size_t n = a[1].size();
  *ctx.cost += n / 10;
  if (const Value* items = a[1].list_data()) {
    for (std::size_t i = 0; i < n; ++i) {
      if (equals(a[0], items[i])) return Value::boolean(true);
    }
    return Value::boolean(false);
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (equals(a[0], a[1].element(i))) return Value::boolean(true);
  }
  return Value::boolean(false);
}
Value in_map(Args a, CallContext&) {
  return Value::boolean(a[1].has_key(a[0]));
}

// ---- size and strings ----

Value size_string(Args a, CallContext&) {
  return Value::integer(static_cast<std::int64_t>(code_point_count(a[0].as_string())));
}
Value size_bytes(Args a, CallContext&) {
  return Value::integer(static_cast<std::int64_t>(a[0].as_string().size()));
}
Value size_container(Args a, CallContext&) {
  return Value::integer(static_cast<std::int64_t>(a[0].size()));
}

Value contains(Args a, CallContext& ctx) {
  *ctx.cost += a[0].as_string().size() / 10;
  return Value::boolean(a[0].as_string().find(a[1].as_string()) != std::string_view::npos);
}
Value starts_with(Args a, CallContext&) {
  return Value::boolean(a[0].as_string().starts_with(a[1].as_string()));
}
Value ends_with(Args a, CallContext&) {
  return Value::boolean(a[0].as_string().ends_with(a[1].as_string()));
}

Value matches(Args a, CallContext& ctx) {
  std::string_view text = a[0].as_string();
  std::string_view pattern = a[1].as_string();
  *ctx.cost += text.size() / 10 + 1;
  re2::StringPiece sp(text.data(), text.size());
  if (ctx.prepared != nullptr)
    return Value::boolean(RE2::PartialMatch(sp, *static_cast<const RE2*>(ctx.prepared)));
  RE2::Options opts;
  opts.set_log_errors(false);
  RE2 re(re2::StringPiece(pattern.data(), pattern.size()), opts);
  if (!re.ok()) return err("invalid regular expression: " + re.error());
  return Value::boolean(RE2::PartialMatch(sp, re));
}

// ---- conversions ----

Value identity(Args a, CallContext&) {
  return a[0];
}
Value type_of(Args a, CallContext&) {
  return Value::type(a[0].type_name());
}
Value type_of_type(Args, CallContext&) {
  return Value::type(type_names::kType);
}

Value int_from_uint(Args a, CallContext&) {
  if (a[0].as_uint() > static_cast<std::uint64_t>(INT64_MAX)) return err("integer overflow");
  return Value::integer(static_cast<std::int64_t>(a[0].as_uint()));
}
Value int_from_double(Args a, CallContext&) {
  double d = a[0].as_double();
  // Both ends exclusive: int64 max is not representable and cel-go rejects -2^63 as well.
  if (!(d > -9223372036854775808.0 && d < 9223372036854775808.0)) return err("integer overflow");
  return Value::integer(static_cast<std::int64_t>(d));
}
Value int_from_string(Args a, CallContext&) {
  std::string_view s = a[0].as_string();
  std::int64_t v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return err("cannot convert string to int");
  return Value::integer(v);
}
Value int_from_timestamp(Args a, CallContext&) {
  return Value::integer(a[0].seconds());
}

Value uint_from_int(Args a, CallContext&) {
  if (a[0].as_int() < 0) return err("unsigned integer overflow");
  return Value::uinteger(static_cast<std::uint64_t>(a[0].as_int()));
}
Value uint_from_double(Args a, CallContext&) {
  double d = a[0].as_double();
  if (!(d > -1.0 && d < 18446744073709551616.0)) return err("unsigned integer overflow");
  return Value::uinteger(static_cast<std::uint64_t>(d));
}
Value uint_from_string(Args a, CallContext&) {
  std::string_view s = a[0].as_string();
  std::uint64_t v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return err("cannot convert string to uint");
  return Value::uinteger(v);
}

Value double_from_int(Args a, CallContext&) {
  return Value::dbl(static_cast<double>(a[0].as_int()));
}
Value double_from_uint(Args a, CallContext&) {
  return Value::dbl(static_cast<double>(a[0].as_uint()));
}
Value double_from_string(Args a, CallContext&) {
  std::string s(a[0].as_string());
  if (s.empty()) return err("cannot convert string to double");
  char* end = nullptr;
  errno = 0;
  double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return err("cannot convert string to double");
  return Value::dbl(d);
}

Value string_from_int(Args a, CallContext&) {
  return Value::string(std::to_string(a[0].as_int()));
}
Value string_from_uint(Args a, CallContext&) {
  return Value::string(std::to_string(a[0].as_uint()));
}
Value string_from_double(Args a, CallContext&) {
  return Value::string(format_double(a[0].as_double()));
}
Value string_from_bool(Args a, CallContext&) {
  return Value::string_view(a[0].as_bool() ? "true" : "false");
}
Value string_from_bytes(Args a, CallContext&) {
  if (!valid_utf8(a[0].as_string())) return err("invalid UTF-8 in bytes, cannot convert to string");
  return Value::string(std::string(a[0].as_string()));
}
Value string_from_timestamp(Args a, CallContext&) {
  return Value::string(format_timestamp(parts(a[0])));
}
Value string_from_duration(Args a, CallContext&) {
  return Value::string(format_duration(parts(a[0])));
}
Value bytes_from_string(Args a, CallContext&) {
  return Value::bytes(std::string(a[0].as_string()));
}

Value bool_from_string(Args a, CallContext&) {
  std::string_view s = a[0].as_string();
  if (s == "1" || s == "t" || s == "T" || s == "true" || s == "TRUE" || s == "True")
    return Value::boolean(true);
  if (s == "0" || s == "f" || s == "F" || s == "false" || s == "FALSE" || s == "False")
    return Value::boolean(false);
  return err("cannot convert string to bool");
}

Value timestamp_from_string(Args a, CallContext&) {
  auto t = parse_timestamp(a[0].as_string());
  if (!t) return err("timestamp out of range or invalid: " + std::string(a[0].as_string()));
  return Value::timestamp(t->seconds, t->nanos);
}
Value timestamp_from_int(Args a, CallContext&) {
  return make_timestamp({a[0].as_int(), 0});
}
Value duration_from_string(Args a, CallContext&) {
  auto d = parse_duration(a[0].as_string());
  if (!d) return err("invalid duration: " + std::string(a[0].as_string()));
  return Value::duration(d->seconds, d->nanos);
}

// ---- timestamp and duration accessors ----

template <int Field>
Value ts_field(Args a, CallContext&) {
  std::string_view zone = a.size() > 1 ? a[1].as_string() : std::string_view("UTC");
  auto c = civil_time(a[0].seconds(), zone);
  if (!c) return err("unknown time zone: " + std::string(zone));
  switch (Field) {
    case 0:
      return Value::integer(c->year);
    case 1:
      return Value::integer(c->month);
    case 2:
      return Value::integer(c->day_of_year);
    case 3:
      return Value::integer(c->day - 1);
    case 4:
      return Value::integer(c->day);
    case 5:
      return Value::integer(c->day_of_week);
    case 6:
      return Value::integer(c->hour);
    case 7:
      return Value::integer(c->minute);
    case 8:
      return Value::integer(c->second);
    default:
      return Value::integer(a[0].nanos() / 1000000);
  }
}

Value dur_hours(Args a, CallContext&) {
  return Value::integer(a[0].seconds() / 3600);
}
Value dur_minutes(Args a, CallContext&) {
  return Value::integer(a[0].seconds() / 60);
}
Value dur_seconds(Args a, CallContext&) {
  return Value::integer(a[0].seconds());
}
Value dur_millis(Args a, CallContext&) {
  return Value::integer(a[0].nanos() / 1000000);
}

// ---- optionals ----

Value opt_of(Args a, CallContext&) {
  return Value::optional(a[0]);
}
Value opt_none(Args, CallContext&) {
  return Value::optional_none();
}

bool zero_value(const Value& v) {
  switch (v.kind()) {
    case Kind::Null:
      return true;
    case Kind::Bool:
      return !v.as_bool();
    case Kind::Int:
      return v.as_int() == 0;
    case Kind::Uint:
      return v.as_uint() == 0;
    case Kind::Double:
      return v.as_double() == 0;
    case Kind::String:
    case Kind::Bytes:
      return v.as_string().empty();
    case Kind::List:
    case Kind::Map:
      return v.size() == 0;
    case Kind::Timestamp:
    case Kind::Duration:
      return v.seconds() == 0 && v.nanos() == 0;
    default:
      return false;
  }
}
Value opt_of_non_zero(Args a, CallContext&) {
  return zero_value(a[0]) ? Value::optional_none() : Value::optional(a[0]);
}
Value opt_has_value(Args a, CallContext&) {
  return Value::boolean(a[0].optional_has_value());
}
Value opt_value(Args a, CallContext&) {
  if (!a[0].optional_has_value()) return err("optional.none() dereference");
  return a[0].optional_value();
}
Value opt_or(Args a, CallContext&) {
  return a[0].optional_has_value() ? a[0] : a[1];
}
Value opt_or_value(Args a, CallContext&) {
  return a[0].optional_has_value() ? a[0].optional_value() : a[1];
}

// optional.unwrap([optional.of(1), optional.none()]) == [1]
Value opt_unwrap(Args a, CallContext&) {
  std::vector<Value> out;
  for (std::size_t i = 0; i < a[0].size(); ++i) {
    Value e = a[0].element(i);
    if (e.kind() != Kind::Optional) return err("optional.unwrap: list element is not an optional");
    if (e.optional_has_value()) out.push_back(e.optional_value());
  }
  return Value::list(std::move(out));
}

}  // namespace

void register_standard(FunctionRegistry& r) {
  r.add("_+_", false, {kI, kI}, add_int);
  r.add("_+_", false, {kU, kU}, add_uint);
  r.add("_+_", false, {kD, kD}, add_double);
  r.add("_+_", false, {kS, kS}, concat_string);
  r.add("_+_", false, {kB, kB}, concat_bytes);
  r.add("_+_", false, {kL, kL}, concat_list);
  r.add("_+_", false, {kTs, kDur}, add_ts_dur);
  r.add("_+_", false, {kDur, kTs}, add_ts_dur);
  r.add("_+_", false, {kDur, kDur}, add_dur);
  r.add("_-_", false, {kI, kI}, sub_int);
  r.add("_-_", false, {kU, kU}, sub_uint);
  r.add("_-_", false, {kD, kD}, sub_double);
  r.add("_-_", false, {kTs, kTs}, sub_ts);
  r.add("_-_", false, {kTs, kDur}, sub_ts_dur);
  r.add("_-_", false, {kDur, kDur}, sub_dur);
  r.add("_*_", false, {kI, kI}, mul_int);
  r.add("_*_", false, {kU, kU}, mul_uint);
  r.add("_*_", false, {kD, kD}, mul_double);
  r.add("_/_", false, {kI, kI}, div_int);
  r.add("_/_", false, {kU, kU}, div_uint);
  r.add("_/_", false, {kD, kD}, div_double);
  r.add("_%_", false, {kI, kI}, mod_int);
  r.add("_%_", false, {kU, kU}, mod_uint);
  r.add("-_", false, {kI}, neg_int);
  r.add("-_", false, {kD}, neg_double);
  r.add("!_", false, {kBool}, not_bool);

  r.add("_==_", false, {kAny, kAny}, eq);
  r.add("_!=_", false, {kAny, kAny}, ne);
  r.add("_<_", false, {kAny, kAny}, ordered<0>);
  r.add("_<=_", false, {kAny, kAny}, ordered<1>);
  r.add("_>_", false, {kAny, kAny}, ordered<2>);
  r.add("_>=_", false, {kAny, kAny}, ordered<3>);
  r.add("@in", false, {kAny, kL}, in_list);
  r.add("@in", false, {kAny, kM}, in_map);

  r.add_both("size", {kS}, size_string);
  r.add_both("size", {kB}, size_bytes);
  r.add_both("size", {kL}, size_container);
  r.add_both("size", {kM}, size_container);
  r.add("contains", true, {kS, kS}, contains);
  r.add("startsWith", true, {kS, kS}, starts_with);
  r.add("endsWith", true, {kS, kS}, ends_with);
  r.add_both("matches", {kS, kS}, matches);

  r.add("dyn", false, {kAny}, identity);
  r.add("type", false, {kType}, type_of_type);
  r.add("type", false, {kAny}, type_of);
  r.add("int", false, {kI}, identity);
  r.add("int", false, {kU}, int_from_uint);
  r.add("int", false, {kD}, int_from_double);
  r.add("int", false, {kS}, int_from_string);
  r.add("int", false, {kTs}, int_from_timestamp);
  r.add("uint", false, {kU}, identity);
  r.add("uint", false, {kI}, uint_from_int);
  r.add("uint", false, {kD}, uint_from_double);
  r.add("uint", false, {kS}, uint_from_string);
  r.add("double", false, {kD}, identity);
  r.add("double", false, {kI}, double_from_int);
  r.add("double", false, {kU}, double_from_uint);
  r.add("double", false, {kS}, double_from_string);
  r.add("string", false, {kS}, identity);
  r.add("string", false, {kI}, string_from_int);
  r.add("string", false, {kU}, string_from_uint);
  r.add("string", false, {kD}, string_from_double);
  r.add("string", false, {kBool}, string_from_bool);
  r.add("string", false, {kB}, string_from_bytes);
  r.add("string", false, {kTs}, string_from_timestamp);
  r.add("string", false, {kDur}, string_from_duration);
  r.add("bytes", false, {kB}, identity);
  r.add("bytes", false, {kS}, bytes_from_string);
  r.add("bool", false, {kBool}, identity);
  r.add("bool", false, {kS}, bool_from_string);
  r.add("timestamp", false, {kTs}, identity);
  r.add("timestamp", false, {kS}, timestamp_from_string);
  r.add("timestamp", false, {kI}, timestamp_from_int);
  r.add("duration", false, {kDur}, identity);
  r.add("duration", false, {kS}, duration_from_string);

  r.add("getFullYear", true, {kTs}, ts_field<0>);
  r.add("getFullYear", true, {kTs, kS}, ts_field<0>);
  r.add("getMonth", true, {kTs}, ts_field<1>);
  r.add("getMonth", true, {kTs, kS}, ts_field<1>);
  r.add("getDayOfYear", true, {kTs}, ts_field<2>);
  r.add("getDayOfYear", true, {kTs, kS}, ts_field<2>);
  r.add("getDayOfMonth", true, {kTs}, ts_field<3>);
  r.add("getDayOfMonth", true, {kTs, kS}, ts_field<3>);
  r.add("getDate", true, {kTs}, ts_field<4>);
  r.add("getDate", true, {kTs, kS}, ts_field<4>);
  r.add("getDayOfWeek", true, {kTs}, ts_field<5>);
  r.add("getDayOfWeek", true, {kTs, kS}, ts_field<5>);
  r.add("getHours", true, {kTs}, ts_field<6>);
  r.add("getHours", true, {kTs, kS}, ts_field<6>);
  r.add("getMinutes", true, {kTs}, ts_field<7>);
  r.add("getMinutes", true, {kTs, kS}, ts_field<7>);
  r.add("getSeconds", true, {kTs}, ts_field<8>);
  r.add("getSeconds", true, {kTs, kS}, ts_field<8>);
  r.add("getMilliseconds", true, {kTs}, ts_field<9>);
  r.add("getMilliseconds", true, {kTs, kS}, ts_field<9>);
  r.add("getHours", true, {kDur}, dur_hours);
  r.add("getMinutes", true, {kDur}, dur_minutes);
  r.add("getSeconds", true, {kDur}, dur_seconds);
  r.add("getMilliseconds", true, {kDur}, dur_millis);

  r.add("optional.of", false, {kAny}, opt_of);
  r.add("optional.ofNonZeroValue", false, {kAny}, opt_of_non_zero);
  r.add("optional.none", false, {}, opt_none);
  r.add("hasValue", true, {kOpt}, opt_has_value);
  r.add("value", true, {kOpt}, opt_value);
  r.add("or", true, {kOpt, kOpt}, opt_or);
  r.add("orValue", true, {kOpt, kAny}, opt_or_value);
  r.add("optional.unwrap", false, {kL}, opt_unwrap);
  r.add("unwrapOpt", true, {kL}, opt_unwrap);
  (void)kNull;
}

}  // namespace bulwark::cel
