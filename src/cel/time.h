#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bulwark::cel {

/// Seconds + nanoseconds (nanos in [0, 1e9) for timestamps; same sign as seconds for durations).
struct TimeParts {
  std::int64_t seconds = 0;
  std::int32_t nanos = 0;
};

inline constexpr std::int64_t kMinTimestampSeconds = -62135596800;  // 0001-01-01T00:00:00Z
inline constexpr std::int64_t kMaxTimestampSeconds = 253402300799;  // 9999-12-31T23:59:59Z
inline constexpr std::int64_t kMaxDurationSeconds = 315576000000;   // protobuf Duration range

bool timestamp_in_range(const TimeParts& t);
bool duration_in_range(const TimeParts& d);

/// RFC 3339 timestamps as google.protobuf.Timestamp accepts them.
std::optional<TimeParts> parse_timestamp(std::string_view s);
/// RFC 3339 in UTC with the shortest fraction (Go's RFC3339Nano).
std::string format_timestamp(const TimeParts& t);
/// Go duration syntax: "1h30m", "-1.5s", "100ms", ...
std::optional<TimeParts> parse_duration(std::string_view s);
/// Seconds with an "s" suffix and the shortest fraction: "1.5s".
std::string format_duration(const TimeParts& d);

/// Civil time fields in a time zone.
struct CivilTime {
  std::int64_t year = 0;
  int month = 0;  // 0-11
  int day = 0;    // 1-31
  int hour = 0, minute = 0, second = 0;
  int day_of_week = 0;  // 0 = Sunday
  int day_of_year = 0;  // 0-based
};

/// Breaks a timestamp down in `zone` ("UTC", "+05:30", "-08:00", or an IANA name read from the system's
/// zoneinfo); nullopt for an unknown zone.
std::optional<CivilTime> civil_time(std::int64_t seconds, std::string_view zone);

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1-12).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);

}  // namespace bulwark::cel
