#include "secrets/anchor_filter.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include <algorithm>
#include <array>
#include <bit>

#include "secrets/secret_patterns.h"

namespace bulwark::secrets {
namespace {

constexpr char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
constexpr char ascii_upper(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

struct Anchor {
  std::string_view text;
  std::uint8_t pattern = 0;
  bool fold = false;  // the pattern is (?i): compare ignoring ASCII case
  Follow follow = Follow::Nothing;
};

constexpr std::size_t kMaxAnchors = 64;  // one bit each in the byte tables

/// Every pattern's anchors, and for each byte value the anchors whose first (second) byte it can be:
/// a position is examined only when both its byte and the next one fit some anchor.
struct AnchorTable {
  std::array<Anchor, kMaxAnchors> anchors{};
  std::size_t count = 0;
  std::array<std::uint64_t, 256> first{};
  std::array<std::uint64_t, 256> second{};
  std::uint32_t folding_patterns = 0;

  constexpr AnchorTable() {
    for (std::size_t p = 0; p < kPatterns.size(); ++p) {
      const bool fold = kPatterns[p].regex.starts_with("(?i)");
      if (fold) folding_patterns |= 1u << p;
      for (std::size_t k = 0; k < kPatterns[p].anchors.size(); ++k) {
        const std::string_view& text = kPatterns[p].anchors[k];
        if (text.empty()) continue;
        const std::uint64_t bit = std::uint64_t{1} << count;
        anchors[count++] = {text, static_cast<std::uint8_t>(p), fold, kPatterns[p].follow};
        for (std::size_t b = 0; b < 2; ++b) {
          auto& table = b == 0 ? first : second;
          const char c = text[b];
          table[static_cast<unsigned char>(c)] |= bit;
          if (fold) {
            table[static_cast<unsigned char>(ascii_lower(c))] |= bit;
            table[static_cast<unsigned char>(ascii_upper(c))] |= bit;
          }
        }
      }
    }
  }
};

constexpr AnchorTable kTable;
static_assert(kPatterns.size() <= 32, "candidate_patterns returns one bit per pattern");
static_assert([] {
  // Two bytes index the tables; (?i) anchors are written in lower case.
  for (std::size_t i = 0; i < kTable.count; ++i) {
    if (kTable.anchors[i].text.size() < 2) return false;
    if (kTable.anchors[i].text[0] == '*' || kTable.anchors[i].text[1] == '*') return false;
    if (kTable.anchors[i].fold)
      for (char c : kTable.anchors[i].text)
        if (c != ascii_lower(c)) return false;
  }
  return true;
}());

// Where anchor `a` ends if it starts at `at` in `text`, or npos. Its first two bytes are known to fit: the
// tables let only such positions through.
std::size_t anchor_end(std::string_view text, std::size_t at, const Anchor& a) {
  if (text.size() - at < a.text.size() - 1) return std::string_view::npos;  // a '*' may stand for nothing
  std::size_t k = at + 2;
  for (std::size_t i = 2; i < a.text.size(); ++i) {
    const char want = a.text[i];
    if (want == '*') {  // an optional separator, as in `api[_.-]?key`
      if (k < text.size() && (text[k] == '_' || text[k] == '.' || text[k] == '-')) ++k;
      continue;
    }
    if (k >= text.size() || (a.fold ? ascii_lower(text[k]) : text[k]) != want) return std::string_view::npos;
    ++k;
  }
  return k;
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '-';
}
bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// RE2's \s: [\t\n\f\r ] (a vertical tab is no space to it).
bool is_regex_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

// Past a name's tail, an optional quote and blanks, the offset just after ':' or '=', or npos.
std::size_t after_assignment(std::string_view text, std::size_t k) {
  while (k < text.size() && is_name_char(text[k])) ++k;
  if (k < text.size() && (text[k] == '"' || text[k] == '\'')) ++k;
  while (k < text.size() && is_blank(text[k])) ++k;
  return k < text.size() && (text[k] == ':' || text[k] == '=') ? k + 1 : std::string_view::npos;
}

// After `skip`-bytes and an optional quote from `k`, do `count` bytes that `value` accepts follow?
template <class Skip, class Value>
bool value_follows(std::string_view text, std::size_t k, Skip skip, Value value, std::size_t count) {
  if (k == std::string_view::npos) return false;
  while (k < text.size() && skip(text[k])) ++k;
  if (k < text.size() && (text[k] == '"' || text[k] == '\'')) ++k;
  return text.size() - std::min(k, text.size()) >= count &&
         std::all_of(text.begin() + static_cast<std::ptrdiff_t>(k),
                     text.begin() + static_cast<std::ptrdiff_t>(k + count), value);
}

// Necessary conditions only: a clear answer must mean the regex cannot match with this anchor here.
// Each skip and byte class is the regex's own, or wider where wider cannot turn a match away.
bool follows(std::string_view text, std::size_t at, Follow follow) {
  switch (follow) {
    case Follow::Nothing:
      return true;
    case Follow::AwsKeyAssignment:  // ["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})
      return value_follows(
          text, after_assignment(text, at), is_regex_space,
          [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
                   c == '+';
          },
          40);
    case Follow::ValueAssignment:  // ["']?[ \t]*[:=][ \t]*["']?([^\s"'`,;]{8,})
      return value_follows(
          text, after_assignment(text, at), [](char c) { return c == ' ' || c == '\t'; },
          [](char c) {
            return !is_regex_space(c) && c != '"' && c != '\'' && c != '`' && c != ',' && c != ';';
          },
          8);
    case Follow::QuotedAssignment: {  // [A-Za-z0-9_]*="([^"\s]{8,})"
      std::size_t k = at;
      while (k < text.size() && is_name_char(text[k]) && text[k] != '.' && text[k] != '-') ++k;
      if (text.substr(k, 2) != "=\"") return false;
      const std::size_t value = k + 2;
      k = value;
      while (k < text.size() && text[k] != '"' && !is_regex_space(text[k])) ++k;
      return k - value >= 8 && k < text.size() && text[k] == '"';
    }
    case Follow::UserinfoAt:
      // RE2's \s is [\t\n\f\r ]: a vertical tab may sit in a userinfo.
      for (std::size_t k = at; k < text.size(); ++k) {
        switch (text[k]) {
          case '@':
            return true;
          case '/':
          case '?':
          case '#':
          case ' ':
          case '\t':
          case '\n':
          case '\f':
          case '\r':
          case '"':
          case '\'':
          case '<':
          case '>':
            return false;
          default:
            break;
        }
      }
      return false;
  }
  return true;
}

// The anchors in `hits` that start at `at`: sets the bit of each pattern whose anchor is really there.
void confirm(std::string_view text, std::size_t at, std::uint64_t hits, std::uint32_t& found) {
  while (hits != 0) {
    const Anchor& a = kTable.anchors[static_cast<std::size_t>(std::countr_zero(hits))];
    hits &= hits - 1;
    const std::uint32_t bit = 1u << a.pattern;
    if ((found & bit) != 0) continue;
    if (const std::size_t end = anchor_end(text, at, a);
        end != std::string_view::npos && follows(text, end, a.follow))
      found |= bit;
  }
}

}  // namespace

namespace {

// Examines positions `from` on, four a step with one branch: a candidate starts at only a few percent.
void scan_pairs(std::string_view text, std::size_t from, std::uint32_t& found) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  auto pair = [&](std::size_t i) { return kTable.first[bytes[i]] & kTable.second[bytes[i + 1]]; };
  std::size_t i = from;
  for (; i + 4 < n; i += 4) {
    const std::uint64_t h0 = pair(i), h1 = pair(i + 1), h2 = pair(i + 2), h3 = pair(i + 3);
    if ((h0 | h1 | h2 | h3) == 0) continue;
    if (h0 != 0) confirm(text, i, h0, found);
    if (h1 != 0) confirm(text, i + 1, h1, found);
    if (h2 != 0) confirm(text, i + 2, h2, found);
    if (h3 != 0) confirm(text, i + 3, h3, found);
  }
  for (; i + 1 < n; ++i)
    if (const std::uint64_t h = pair(i); h != 0) confirm(text, i, h, found);
}

std::uint32_t with_non_ascii_folds(std::string_view text, std::uint32_t found) {
  if ((found & kTable.folding_patterns) != kTable.folding_patterns && has_non_ascii_fold(text))
    found |= kTable.folding_patterns;
  return found;
}

#if defined(__x86_64__)
/// The anchors in eight buckets (by their first letter, case folded), and for each bucket the bytes that
/// may start (follow) one of its anchors, as a product of a low-nibble and a high-nibble set: a wider set,
/// but one a byte shuffle looks up 32 bytes at a time. Positions it lets through get the exact test.
struct NibbleTables {
  std::array<std::uint8_t, 16> first_low{}, first_high{}, second_low{}, second_high{};

  constexpr NibbleTables() {
    std::array<char, kMaxAnchors> groups{};  // the first letter of each bucket's anchors, per group
    std::size_t group_count = 0;
    for (std::size_t k = 0; k < kTable.count; ++k) {
      const char key = ascii_lower(kTable.anchors[k].text[0]);
      std::size_t g = 0;
      while (g < group_count && groups[g] != key) ++g;
      if (g == group_count) groups[group_count++] = key;
      const auto bucket = static_cast<std::uint8_t>(1u << (g % 8));
      const std::uint64_t bit = std::uint64_t{1} << k;
      for (unsigned b = 0; b < 256; ++b) {
        if (kTable.first[b] & bit) {
          first_low[b & 15] |= bucket;
          first_high[b >> 4] |= bucket;
        }
        if (kTable.second[b] & bit) {
          second_low[b & 15] |= bucket;
          second_high[b >> 4] |= bucket;
        }
      }
    }
  }
};

constexpr NibbleTables kNibbles;

[[gnu::target("avx2"), gnu::always_inline]] inline __m256i nibble_table(
    const std::array<std::uint8_t, 16>& t) {
  return _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(t.data())));
}

// For each of 32 bytes, the buckets whose set (low nibble in `low`, high nibble in `high`) it is in.
[[gnu::target("avx2"), gnu::always_inline]] inline __m256i buckets(__m256i bytes, __m256i low, __m256i high) {
  const __m256i nibble = _mm256_set1_epi8(0x0f);
  const __m256i lo = _mm256_and_si256(bytes, nibble);
  const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(bytes, 4), nibble);
  return _mm256_and_si256(_mm256_shuffle_epi8(low, lo), _mm256_shuffle_epi8(high, hi));
}

[[gnu::target("avx2")]] std::uint32_t candidate_patterns_avx2(std::string_view text) {
  std::uint32_t found = 0;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  const __m256i first_low = nibble_table(kNibbles.first_low);
  const __m256i first_high = nibble_table(kNibbles.first_high);
  const __m256i second_low = nibble_table(kNibbles.second_low);
  const __m256i second_high = nibble_table(kNibbles.second_high);
  std::size_t i = 0;
  for (; i + 33 <= n; i += 32) {  // bytes i..i+31 and, for their pairs, i+1..i+32
    const __m256i at = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(bytes + i));
    const __m256i next = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(bytes + i + 1));
    const __m256i both =
        _mm256_and_si256(buckets(at, first_low, first_high), buckets(next, second_low, second_high));
    auto mask =
        ~static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(both, _mm256_setzero_si256())));
    while (mask != 0) {
      const std::size_t p = i + static_cast<std::size_t>(std::countr_zero(mask));
      mask &= mask - 1;
      if (const std::uint64_t h = kTable.first[bytes[p]] & kTable.second[bytes[p + 1]]; h != 0)
        confirm(text, p, h, found);
    }
  }
  scan_pairs(text, i, found);
  return with_non_ascii_folds(text, found);
}

#endif  // __x86_64__

}  // namespace

std::uint32_t candidate_patterns_scalar(std::string_view text) {
  std::uint32_t found = 0;
  scan_pairs(text, 0, found);
  return with_non_ascii_folds(text, found);
}

std::uint32_t candidate_patterns(std::string_view text) {
  // RUN lines and manifest values go through here byte by byte: on CPUs with AVX2 (nearly all x86-64
  // servers since 2015) 32 positions are sifted at once.
#if defined(__x86_64__)
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (avx2) return candidate_patterns_avx2(text);
#endif
  return candidate_patterns_scalar(text);
}

bool has_non_ascii_fold(std::string_view text) {
  // Under (?i), RE2 also folds 'k' with the Kelvin sign U+212A and 's' with the long s U+017F: a text
  // holding either may match a folding pattern without its ASCII anchor.
  // Both begin with a byte above 0x7F: a short ASCII text (most values) is settled without a search.
  if (text.size() <= 64) {
    unsigned char high = 0;
    for (const char c : text) high |= static_cast<unsigned char>(c);
    if (high < 0x80) return false;
  }
  return text.find("\xE2\x84\xAA") != std::string_view::npos ||
         text.find("\xC5\xBF") != std::string_view::npos;
}

void anchor_positions(std::string_view text, std::size_t pattern, std::vector<std::size_t>& out) {
  out.clear();
  std::uint64_t mine = 0;  // this pattern's anchors
  for (std::size_t k = 0; k < kTable.count; ++k)
    if (kTable.anchors[k].pattern == pattern) mine |= std::uint64_t{1} << k;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    std::uint64_t hits = kTable.first[bytes[i]] & kTable.second[bytes[i + 1]] & mine;
    while (hits != 0) {
      const Anchor& a = kTable.anchors[static_cast<std::size_t>(std::countr_zero(hits))];
      hits &= hits - 1;
      if (const std::size_t end = anchor_end(text, i, a);
          end != std::string_view::npos && follows(text, end, a.follow)) {
        out.push_back(i);
        break;
      }
    }
  }
}

}  // namespace bulwark::secrets
