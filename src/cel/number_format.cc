#include "cel/number_format.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace bulwark::cel {

std::string format_double(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "+Inf" : "-Inf";
  if (d == 0) return std::signbit(d) ? "-0" : "0";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string sci(buf, r.ptr);
  // sci = [-]D[.DDD]e[+-]XX
  bool negative = sci[0] == '-';
  std::string mant = sci.substr(negative ? 1 : 0, sci.find('e') - (negative ? 1 : 0));
  int exp = std::atoi(sci.c_str() + sci.find('e') + 1);
  std::string digits;
  for (char c : mant) {
    if (c != '.') digits += c;
  }
  // Appends only: chained operator+ trips GCC 12's -Wrestrict false positive at -O3.
  std::string out;
  if (negative) out.push_back('-');
  if (exp < -4 || exp >= 21) {
    out.push_back(digits[0]);
    if (digits.size() > 1) out.append(".").append(digits, 1, std::string::npos);
    char e[16];
    std::snprintf(e, sizeof e, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    out.append(e);
    return out;
  }
  if (exp < 0) {
    out.append("0.").append(static_cast<std::size_t>(-exp - 1), '0').append(digits);
    return out;
  }
  auto int_len = static_cast<std::size_t>(exp + 1);
  if (digits.size() <= int_len) {
    out.append(digits).append(int_len - digits.size(), '0');
    return out;
  }
  out.append(digits, 0, int_len).append(".").append(digits, int_len, std::string::npos);
  return out;
}

}  // namespace bulwark::cel
