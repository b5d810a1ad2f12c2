// Kubernetes quantity library: quantity(), isQuantity(), sign, isInteger, asInteger,
// asApproximateFloat, add, sub, isLessThan, isGreaterThan, compareTo. Parsing follows
// resource.ParseQuantity (decimal SI, binary SI and exponent suffixes).
#include <cmath>
#include <optional>

#include "cel/functions.h"

namespace bulwark::cel {

namespace {

__extension__ typedef __int128 Int128;

using Args = std::span<const Value>;

constexpr std::uint8_t kI = K(Kind::Int), kS = K(Kind::String), kQ = K(OpaqueType::Quantity);

constexpr Int128 kMantissaLimit = static_cast<Int128>(1) << 120;

// Exact value mantissa × 10^exponent.
struct Decimal {
  Int128 mantissa = 0;
  int exponent = 0;
};

class Quantity final : public OpaqueValue {
 public:
  explicit Quantity(Decimal d) : d_(d) {}
  OpaqueType type() const override { return OpaqueType::Quantity; }
  std::string_view type_name() const override { return "kubernetes.Quantity"; }
  bool equals(const OpaqueValue& other) const override;
  const Decimal& value() const { return d_; }

 private:
  Decimal d_;
};

bool mul_overflows(Int128 a, Int128 b, Int128& out) {
  Int128 r;
  if (__builtin_mul_overflow(a, b, &r) || r > kMantissaLimit || r < -kMantissaLimit) return true;
  out = r;
  return false;
}

// Brings both to the smaller exponent; false when that would overflow.
bool align(Decimal& a, Decimal& b) {
  while (a.exponent > b.exponent) {
    if (mul_overflows(a.mantissa, 10, a.mantissa)) return false;
    --a.exponent;
  }
  while (b.exponent > a.exponent) {
    if (mul_overflows(b.mantissa, 10, b.mantissa)) return false;
    --b.exponent;
  }
  return true;
}

long double approx(const Decimal& d) {
  return static_cast<long double>(d.mantissa) * std::pow(10.0L, static_cast<long double>(d.exponent));
}

int compare_decimal(Decimal a, Decimal b) {
  if (align(a, b)) return a.mantissa < b.mantissa ? -1 : (a.mantissa > b.mantissa ? 1 : 0);
  long double x = approx(a), y = approx(b);
  return x < y ? -1 : (x > y ? 1 : 0);
}

bool Quantity::equals(const OpaqueValue& other) const {
  return compare_decimal(d_, static_cast<const Quantity&>(other).d_) == 0;
}

std::optional<Decimal> parse_quantity(std::string_view s) {
  std::size_t p = 0;
  bool negative = false;
  if (p < s.size() && (s[p] == '+' || s[p] == '-')) negative = s[p++] == '-';
  Decimal d;
  std::size_t digits = 0;
  while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
    if (d.mantissa < kMantissaLimit / 10) {
      d.mantissa = d.mantissa * 10 + (s[p] - '0');
    } else {
      ++d.exponent;  // beyond precision: drop the digit, keep the magnitude
    }
    ++digits;
    ++p;
  }
  if (p < s.size() && s[p] == '.') {
    ++p;
    while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
      if (d.mantissa < kMantissaLimit / 10) {
        d.mantissa = d.mantissa * 10 + (s[p] - '0');
        --d.exponent;
      }
      ++digits;
      ++p;
    }
  }
  if (digits == 0) return std::nullopt;
  std::string_view suffix = s.substr(p);
  int binary_power = 0;
  if (suffix.empty()) {
  } else if (suffix == "Ki") {
    binary_power = 1;
  } else if (suffix == "Mi") {
    binary_power = 2;
  } else if (suffix == "Gi") {
    binary_power = 3;
  } else if (suffix == "Ti") {
    binary_power = 4;
  } else if (suffix == "Pi") {
    binary_power = 5;
  } else if (suffix == "Ei") {
    binary_power = 6;
  } else if (suffix == "n") {
    d.exponent -= 9;
  } else if (suffix == "u") {
    d.exponent -= 6;
  } else if (suffix == "m") {
    d.exponent -= 3;
  } else if (suffix == "k") {
    d.exponent += 3;
  } else if (suffix == "M") {
    d.exponent += 6;
  } else if (suffix == "G") {
    d.exponent += 9;
  } else if (suffix == "T") {
    d.exponent += 12;
  } else if (suffix == "P") {
    d.exponent += 15;
  } else if (suffix == "E") {
    d.exponent += 18;
  } else if (suffix[0] == 'e' || suffix[0] == 'E') {
    std::size_t q = 1;
    bool neg_exp = false;
    if (q < suffix.size() && (suffix[q] == '+' || suffix[q] == '-')) neg_exp = suffix[q++] == '-';
    if (q >= suffix.size()) return std::nullopt;
    int e = 0;
    for (; q < suffix.size(); ++q) {
      if (suffix[q] < '0' || suffix[q] > '9') return std::nullopt;
      e = e * 10 + (suffix[q] - '0');
      if (e > 10000) return std::nullopt;
    }
    d.exponent += neg_exp ? -e : e;
  } else {
    return std::nullopt;
  }
  for (int i = 0; i < binary_power; ++i) {
    if (mul_overflows(d.mantissa, 1024, d.mantissa)) return std::nullopt;
  }
  if (negative) d.mantissa = -d.mantissa;
  return d;
}

Value err(std::string m) {
  return Value::error(std::move(m));
}
const Decimal& q(const Value& v) {
  return static_cast<const Quantity&>(v.as_opaque()).value();
}
Value make(Decimal d) {
  return Value::opaque(std::make_shared<const Quantity>(d));
}

Value quantity(Args a, CallContext&) {
  auto d = parse_quantity(a[0].as_string());
  if (!d)
    return err("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  return make(*d);
}

Value is_quantity(Args a, CallContext&) {
  return Value::boolean(parse_quantity(a[0].as_string()).has_value());
}

Value sign(Args a, CallContext&) {
  Int128 m = q(a[0]).mantissa;
  return Value::integer(m < 0 ? -1 : (m > 0 ? 1 : 0));
}

// The integer value when the quantity is integral and fits in int64.
std::optional<std::int64_t> as_int64(Decimal d) {
  while (d.exponent > 0) {
    if (mul_overflows(d.mantissa, 10, d.mantissa)) return std::nullopt;
    --d.exponent;
  }
  while (d.exponent < 0) {
    if (d.mantissa % 10 != 0) return std::nullopt;
    d.mantissa /= 10;
    ++d.exponent;
  }
  if (d.mantissa > INT64_MAX || d.mantissa < INT64_MIN) return std::nullopt;
  return static_cast<std::int64_t>(d.mantissa);
}

Value is_integer(Args a, CallContext&) {
  return Value::boolean(as_int64(q(a[0])).has_value());
}

Value as_integer(Args a, CallContext&) {
  auto i = as_int64(q(a[0]));
  if (!i) return err("cannot convert value to integer");
  return Value::integer(*i);
}

Value as_float(Args a, CallContext&) {
  return Value::dbl(static_cast<double>(approx(q(a[0]))));
}

Value add_decimal(Decimal x, Decimal y, bool subtract) {
  if (!align(x, y)) return err("quantity arithmetic overflow");
  Int128 r = subtract ? x.mantissa - y.mantissa : x.mantissa + y.mantissa;
  if (r > kMantissaLimit || r < -kMantissaLimit) return err("quantity arithmetic overflow");
  return make(Decimal{r, x.exponent});
}

Value add(Args a, CallContext&) {
  return add_decimal(q(a[0]), q(a[1]), false);
}
Value add_int(Args a, CallContext&) {
  return add_decimal(q(a[0]), Decimal{a[1].as_int(), 0}, false);
}
Value sub(Args a, CallContext&) {
  return add_decimal(q(a[0]), q(a[1]), true);
}
Value sub_int(Args a, CallContext&) {
  return add_decimal(q(a[0]), Decimal{a[1].as_int(), 0}, true);
}
Value less(Args a, CallContext&) {
  return Value::boolean(compare_decimal(q(a[0]), q(a[1])) < 0);
}
Value greater(Args a, CallContext&) {
  return Value::boolean(compare_decimal(q(a[0]), q(a[1])) > 0);
}
Value compare_to(Args a, CallContext&) {
  return Value::integer(compare_decimal(q(a[0]), q(a[1])));
}

}  // namespace

void register_quantity(FunctionRegistry& r) {
  r.add("quantity", false, {kS}, quantity);
  r.add("isQuantity", false, {kS}, is_quantity);
  r.add("sign", true, {kQ}, sign);
  r.add("isInteger", true, {kQ}, is_integer);
  r.add("asInteger", true, {kQ}, as_integer);
  r.add("asApproximateFloat", true, {kQ}, as_float);
  r.add("add", true, {kQ, kQ}, add);
  r.add("add", true, {kQ, kI}, add_int);
  r.add("sub", true, {kQ, kQ}, sub);
  r.add("sub", true, {kQ, kI}, sub_int);
  r.add("isLessThan", true, {kQ, kQ}, less);
  r.add("isGreaterThan", true, {kQ, kQ}, greater);
  r.add("compareTo", true, {kQ, kQ}, compare_to);
}

}  // namespace bulwark::cel
