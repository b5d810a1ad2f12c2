#include "cel/time.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace bulwark::cel {

namespace {
__extension__ typedef __int128 Int128;
}  // namespace

bool timestamp_in_range(const TimeParts& t) {
  return t.seconds >= kMinTimestampSeconds && t.seconds <= kMaxTimestampSeconds;
}

bool duration_in_range(const TimeParts& d) {
  return d.seconds >= -kMaxDurationSeconds && d.seconds <= kMaxDurationSeconds;
}

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

namespace {

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

}  // namespace

std::optional<TimeParts> parse_timestamp(std::string_view s) {
  int y, mo, d, h, mi, sec;
  if (!digits(s, 0, 4, y) || s.size() < 20 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't') || !digits(s, 11, 2, h) || s[13] != ':' ||
      !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, sec)) {
    return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) return std::nullopt;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kDays[mo - 1] || (mo == 2 && d == 29 && !leap)) return std::nullopt;
  std::size_t p = 19;
  std::int32_t nanos = 0;
  if (p < s.size() && s[p] == '.') {
    ++p;
    std::size_t start = p;
    int scale = 100000000;
    while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
      if (p - start >= 9) return std::nullopt;
      nanos += (s[p] - '0') * scale;
      scale /= 10;
      ++p;
    }
    if (p == start) return std::nullopt;
  }
  std::int64_t offset = 0;
  if (p < s.size() && (s[p] == 'Z' || s[p] == 'z')) {
    ++p;
  } else if (p < s.size() && (s[p] == '+' || s[p] == '-')) {
    int oh, om;
    if (!digits(s, p + 1, 2, oh) || p + 3 >= s.size() || s[p + 3] != ':' || !digits(s, p + 4, 2, om)) {
      return std::nullopt;
    }
    if (oh > 23 || om > 59) return std::nullopt;
    offset = (oh * 3600 + om * 60) * (s[p] == '-' ? -1 : 1);
    p += 6;
  } else {
    return std::nullopt;
  }
  if (p != s.size()) return std::nullopt;
  std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  TimeParts t{days * 86400 + h * 3600 + mi * 60 + sec - offset, nanos};
  if (!timestamp_in_range(t)) return std::nullopt;
  return t;
}

namespace {

std::string fraction(std::int32_t nanos) {
  if (nanos == 0) return {};
  char buf[16];
  std::snprintf(buf, sizeof buf, ".%09d", nanos);
  std::string f = buf;
  while (f.back() == '0') f.pop_back();
  return f;
}

}  // namespace

std::string format_timestamp(const TimeParts& t) {
  std::int64_t days = floor_div(t.seconds, 86400);
  std::int64_t rem = t.seconds - days * 86400;
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld", static_cast<long long>(y), m, d,
                static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                static_cast<long long>(rem % 60));
  return std::string(buf) + fraction(t.nanos) + "Z";
}

std::optional<TimeParts> parse_duration(std::string_view s) {
  // Accumulate in nanoseconds with 128-bit headroom: the protobuf range needs ~2^68 ns.
  Int128 total = 0;
  std::size_t p = 0;
  bool negative = false;
  if (p < s.size() && (s[p] == '-' || s[p] == '+')) negative = s[p++] == '-';
  if (s.substr(p) == "0") return TimeParts{};
  if (p >= s.size()) return std::nullopt;
  constexpr Int128 kLimit = static_cast<Int128>(kMaxDurationSeconds + 1) * 1000000000;
  while (p < s.size()) {
    Int128 whole = 0;
    std::size_t start = p;
    while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
      whole = whole * 10 + (s[p] - '0');
      if (whole > kLimit) return std::nullopt;
      ++p;
    }
    Int128 frac = 0, scale = 1;
    bool has_frac = false;
    if (p < s.size() && s[p] == '.') {
      ++p;
      has_frac = true;
      while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
        if (scale < 1000000000000000000) {
          frac = frac * 10 + (s[p] - '0');
          scale *= 10;
        }
        ++p;
      }
    }
    if (p == start || (p == start + 1 && has_frac)) return std::nullopt;
    std::size_t ustart = p;
    while (p < s.size() && !(s[p] >= '0' && s[p] <= '9') && s[p] != '.') ++p;
    std::string_view unit = s.substr(ustart, p - ustart);
    Int128 mult;
    if (unit == "ns") {
      mult = 1;
    } else if (unit == "us" || unit == "\xc2\xb5s" || unit == "\xce\xbcs") {
      mult = 1000;
    } else if (unit == "ms") {
      mult = 1000000;
    } else if (unit == "s") {
      mult = 1000000000;
    } else if (unit == "m") {
      mult = 60LL * 1000000000;
    } else if (unit == "h") {
      mult = 3600LL * 1000000000;
    } else {
      return std::nullopt;
    }
    total += whole * mult + frac * mult / scale;
    if (total > kLimit) return std::nullopt;
  }
  if (negative) total = -total;
  TimeParts d{static_cast<std::int64_t>(total / 1000000000), static_cast<std::int32_t>(total % 1000000000)};
  if (!duration_in_range(d)) return std::nullopt;
  return d;
}

std::string format_duration(const TimeParts& d) {
  std::string out;
  bool negative = d.seconds < 0 || d.nanos < 0;
  std::int64_t secs = d.seconds < 0 ? -d.seconds : d.seconds;
  std::int32_t nanos = d.nanos < 0 ? -d.nanos : d.nanos;
  if (negative) out += "-";
  out += std::to_string(secs) + fraction(nanos) + "s";
  return out;
}

// ---- time zones ----

namespace {

struct Zone {
  std::vector<std::int64_t> transitions;
  std::vector<std::uint8_t> type_index;
  std::vector<std::int32_t> offsets;  // per type
  std::int32_t default_offset = 0;

  std::int32_t offset_at(std::int64_t t) const {
    if (transitions.empty() || t < transitions.front()) return default_offset;
    auto it = std::upper_bound(transitions.begin(), transitions.end(), t);
    std::size_t i = static_cast<std::size_t>(it - transitions.begin()) - 1;
    return offsets[type_index[i]];
  }
};

std::int64_t be(const unsigned char* p, int n) {
  std::uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | p[i];
  if (n == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
  return static_cast<std::int64_t>(v);
}

// Reads a TZif file (RFC 8536), using the 64-bit data block when present. Times past the last
// transition keep the last offset; the POSIX footer rule is not interpreted.
std::optional<Zone> load_zone(std::string_view name) {
  if (name.empty() || name.size() > 255 || name.find("..") != std::string_view::npos || name.front() == '/')
    return std::nullopt;
  // IANA zone names use only these characters. Anything else (a NUL cut the path short and opened
  // the zoneinfo directory itself: found by fuzz_cel) is not a zone.
  for (const char c : name)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
          c == '_' || c == '-' || c == '+'))
      return std::nullopt;
  const std::string path = "/usr/share/zoneinfo/" + std::string(name);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::vector<unsigned char> b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto parse_block = [&](std::size_t at, int time_size, Zone& z, std::size_t& end) -> bool {
    if (at + 44 > b.size() || b[at] != 'T' || b[at + 1] != 'Z' || b[at + 2] != 'i' || b[at + 3] != 'f')
      return false;
    auto cnt = [&](int i) { return static_cast<std::size_t>(be(&b[at + 20 + 4 * i], 4)); };
    std::size_t isut = cnt(0), isstd = cnt(1), leap = cnt(2), timecnt = cnt(3), typecnt = cnt(4),
                charcnt = cnt(5);
    std::size_t p = at + 44;
    std::size_t need = timecnt * static_cast<std::size_t>(time_size) + timecnt + typecnt * 6 + charcnt +
                       leap * static_cast<std::size_t>(time_size + 4) + isstd + isut;
    if (p + need > b.size() || typecnt == 0) return false;
    z = Zone{};
    for (std::size_t i = 0; i < timecnt; ++i) z.transitions.push_back(be(&b[p + i * time_size], time_size));
    p += timecnt * static_cast<std::size_t>(time_size);
    for (std::size_t i = 0; i < timecnt; ++i) {
      std::uint8_t idx = b[p + i];
      if (idx >= typecnt) return false;
      z.type_index.push_back(idx);
    }
    p += timecnt;
    for (std::size_t i = 0; i < typecnt; ++i)
      z.offsets.push_back(static_cast<std::int32_t>(be(&b[p + i * 6], 4)));
    z.default_offset = z.offsets[0];
    end = at + 44 + need;
    return true;
  };
  Zone z;
  std::size_t end = 0;
  if (!parse_block(0, 4, z, end)) return std::nullopt;
  if (b[4] >= '2') {
    Zone z64;
    std::size_t end64 = 0;
    if (parse_block(end, 8, z64, end64)) return z64;
  }
  return z;
}

std::optional<std::int32_t> fixed_offset(std::string_view zone) {
  std::size_t p = 0;
  int sign = 1;
  if (!zone.empty() && (zone[0] == '+' || zone[0] == '-')) {
    sign = zone[0] == '-' ? -1 : 1;
    p = 1;
  }
  int h, m;
  if (zone.size() != p + 5 || !digits(zone, p, 2, h) || zone[p + 2] != ':' || !digits(zone, p + 3, 2, m)) {
    return std::nullopt;
  }
  return sign * (h * 3600 + m * 60);
}

std::optional<std::int32_t> zone_offset(std::int64_t seconds, std::string_view zone) {
  if (zone.empty() || zone == "UTC" || zone == "Z") return 0;
  if (auto f = fixed_offset(zone)) return f;
  static std::mutex mu;
  static std::unordered_map<std::string, std::optional<Zone>> cache;
  std::lock_guard lock(mu);
  auto it = cache.find(std::string(zone));
  if (it == cache.end()) it = cache.emplace(std::string(zone), load_zone(zone)).first;
  if (!it->second) return std::nullopt;
  return it->second->offset_at(seconds);
}

}  // namespace

std::optional<CivilTime> civil_time(std::int64_t seconds, std::string_view zone) {
  auto off = zone_offset(seconds, zone);
  if (!off) return std::nullopt;
  std::int64_t local = seconds + *off;
  std::int64_t days = floor_div(local, 86400);
  std::int64_t rem = local - days * 86400;
  CivilTime c;
  unsigned m, d;
  civil_from_days(days, c.year, m, d);
  c.month = static_cast<int>(m) - 1;
  c.day = static_cast<int>(d);
  c.hour = static_cast<int>(rem / 3600);
  c.minute = static_cast<int>(rem / 60 % 60);
  c.second = static_cast<int>(rem % 60);
  std::int64_t dow = (days + 4) % 7;  // 1970-01-01 was a Thursday
  c.day_of_week = static_cast<int>(dow < 0 ? dow + 7 : dow);
  c.day_of_year = static_cast<int>(days - days_from_civil(c.year, 1, 1));
  return c;
}

}  // namespace bulwark::cel
