#include "dockerfile/substitution.h"

#include <algorithm>

namespace bulwark::dockerfile {

void Variables::set(std::string_view name, std::string_view value) {
  for (auto& [n, v] : entries_) {
    if (n == name) {
      v.assign(value);
      return;
    }
  }
  entries_.emplace_back(std::string(name), std::string(value));
}

std::optional<std::string_view> Variables::find(std::string_view name) const {
  for (const auto& [n, v] : entries_)
    if (n == name) return std::string_view(v);
  return std::nullopt;
}

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative matcher with one backtracking point for the last '*': linear enough for Dockerfile words.
  std::size_t p = 0, t = 0, star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star_p = p++;
      star_t = t;
      continue;
    }
    if (p < pattern.size()) {
      char want = pattern[p];
      std::size_t width = 1;
      bool any = want == '?';
      if (want == '\\' && p + 1 < pattern.size()) {
        want = pattern[p + 1];
        width = 2;
        any = false;
      }
      if (any || want == text[t]) {
        p += width;
        ++t;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p + 1;
    t = ++star_t;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

class Expander {
 public:
  Expander(std::string_view word, const Variables& vars, char escape)
      : s_(word), vars_(vars), escape_(escape) {}

  std::expected<Expansion, std::string> run() {
    Expansion out;
    if (auto r = word_until(0, out.text); !r) return std::unexpected(r.error());
    out.unset = std::move(unset_);
    return out;
  }

 private:
  using Status = std::expected<void, std::string>;

  // Appends the expansion of the text up to `stop` (0: the end) to `out`, consuming the stop byte.
  Status word_until(char stop, std::string& out) {
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (stop != 0 && c == stop) {
        ++i_;
        return {};
      }
      if (c == escape_) {
        ++i_;
        if (i_ < s_.size()) out += s_[i_++];
      } else if (c == '\'') {
        ++i_;
        const auto close = s_.find('\'', i_);
        if (close == std::string_view::npos)
          return std::unexpected("unexpected end of statement while looking for matching single-quote");
        out.append(s_.substr(i_, close - i_));
        i_ = close + 1;
      } else if (c == '"') {
        ++i_;
        if (auto r = double_quoted(out); !r) return r;
      } else if (c == '$') {
        ++i_;
        if (auto r = dollar(out); !r) return r;
      } else {
        out += c;
        ++i_;
      }
    }
    if (stop != 0) return std::unexpected(std::string("syntax error: missing '") + stop + "'");
    return {};
  }

  Status double_quoted(std::string& out) {
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == '"') {
        ++i_;
        return {};
      }
      if (c == escape_ && i_ + 1 < s_.size()) {
        const char next = s_[i_ + 1];
        if (next == '"' || next == '$' || next == escape_) {
          out += next;
          i_ += 2;
          continue;
        }
        out += c;
        ++i_;
      } else if (c == '$') {
        ++i_;
        if (auto r = dollar(out); !r) return r;
      } else {
        out += c;
        ++i_;
      }
    }
    return std::unexpected("unexpected end of statement while looking for matching double-quote");
  }

  Status dollar(std::string& out) {
    // Nested ${a:-${b:-...}} recurses; a bound keeps hostile input from exhausting the stack.
    if (depth_ >= kMaxDepth) return std::unexpected("substitution nested too deeply");
    ++depth_;
    auto r = dollar_body(out);
    --depth_;
    return r;
  }

  Status dollar_body(std::string& out) {
    if (i_ >= s_.size()) {
      out += '$';
      return {};
    }
    if (s_[i_] != '{') {
      const std::size_t start = i_;
      if (s_[i_] >= '0' && s_[i_] <= '9') {
        ++i_;  // positional parameters are one digit
      } else {
        while (i_ < s_.size() && is_name_char(s_[i_])) ++i_;
      }
      if (i_ == start) {
        out += '$';
        return {};
      }
      substitute_plain(s_.substr(start, i_ - start), out);
      return {};
    }
    ++i_;  // '{'
    const std::size_t start = i_;
    while (i_ < s_.size() && is_name_char(s_[i_])) ++i_;
    const std::string_view name = s_.substr(start, i_ - start);
    if (i_ >= s_.size()) return std::unexpected("syntax error: missing '}'");
    if (name.empty()) return std::unexpected("bad substitution");
    const char op = s_[i_++];
    const auto value = vars_.find(name);
    if (op == '}') {
      substitute_plain(name, out);
      return {};
    }
    bool colon = false;
    char modifier = op;
    if (op == ':') {
      if (i_ >= s_.size()) return std::unexpected("syntax error: missing '}'");
      colon = true;
      modifier = s_[i_++];
    }
    switch (modifier) {
      case '-':
      case '+':
      case '?': {
        std::string word;
        if (auto r = word_until('}', word); !r) return r;
        const bool present = value.has_value() && (!colon || !value->empty());
        if (modifier == '-') {
          out += present ? std::string(*value) : word;
        } else if (modifier == '+') {
          if (present) out += word;
        } else {
          if (!present)
            return std::unexpected(std::string(name) + ": " +
                                   (word.empty() ? "is not allowed to be unset" : word));
          out += *value;
        }
        return {};
      }
      case '#':
      case '%': {
        if (colon) break;
        const bool longest = i_ < s_.size() && s_[i_] == modifier;
        if (longest) ++i_;
        std::string pattern;
        if (auto r = word_until('}', pattern); !r) return r;
        if (!value) unset_.emplace_back(name);
        out += trim_pattern(value.value_or(""), pattern, modifier == '#', longest);
        return {};
      }
      case '/': {
        if (colon) break;
        const bool all = i_ < s_.size() && s_[i_] == '/';
        if (all) ++i_;
        std::string pattern, replacement;
        if (auto r = word_until_either('/', '}', pattern); !r) return r;
        if (s_[i_ - 1] == '/')
          if (auto r = word_until('}', replacement); !r) return r;
        if (!value) unset_.emplace_back(name);
        out += replace_pattern(value.value_or(""), pattern, replacement, all);
        return {};
      }
      default:
        break;
    }
    return std::unexpected(std::string("unsupported modifier (") + modifier + ") in substitution");
  }

  // Like word_until, but stops at either byte (the stop byte is consumed and can be read at s_[i_-1]).
  Status word_until_either(char a, char b, std::string& out) {
    std::string piece;
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == a || c == b) {
        ++i_;
        out += piece;
        return {};
      }
      if (c == escape_ && i_ + 1 < s_.size()) {
        piece += s_[i_ + 1];
        i_ += 2;
        continue;
      }
      if (c == '$') {
        ++i_;
        if (auto r = dollar(piece); !r) return r;
        continue;
      }
      piece += c;
      ++i_;
    }
    return std::unexpected("syntax error: missing '}'");
  }

  void substitute_plain(std::string_view name, std::string& out) {
    if (auto v = vars_.find(name)) {
      out += *v;
    } else {
      unset_.emplace_back(name);
    }
  }

  static std::string trim_pattern(std::string_view value, std::string_view pattern, bool prefix,
                                  bool longest) {
    const std::size_t n = value.size();
    for (std::size_t k = 0; k <= n; ++k) {
      const std::size_t len = longest ? n - k : k;
      const std::string_view part = prefix ? value.substr(0, len) : value.substr(n - len);
      if (glob_match(pattern, part))
        return std::string(prefix ? value.substr(len) : value.substr(0, n - len));
    }
    return std::string(value);
  }

  static std::string replace_pattern(std::string_view value, std::string_view pattern,
                                     std::string_view replacement, bool all) {
    std::string out;
    std::size_t i = 0;
    bool replaced = false;
    while (i < value.size()) {
      if (!(replaced && !all)) {
        // Longest match starting at i.
        std::size_t match = std::string_view::npos;
        for (std::size_t len = value.size() - i; len > 0; --len)
          if (glob_match(pattern, value.substr(i, len))) {
            match = len;
            break;
          }
        if (match != std::string_view::npos) {
          out += replacement;
          i += match;
          replaced = true;
          continue;
        }
      }
      out += value[i++];
    }
    return out;
  }

  std::string_view s_;
  const Variables& vars_;
  char escape_;
  std::size_t i_ = 0;
  int depth_ = 0;
  static constexpr int kMaxDepth = 64;
  std::vector<std::string> unset_;
};

}  // namespace

std::expected<Expansion, std::string> expand(std::string_view word, const Variables& vars, char escape) {
  // Most words (paths, ports, user names) have nothing to remove or substitute: they expand to themselves.
  const bool literal = std::none_of(word.begin(), word.end(), [escape](char c) {
    return c == '\'' || c == '"' || c == '$' || c == escape;
  });
  if (literal) return Expansion{std::string(word), {}};
  return Expander(word, vars, escape).run();
}

}  // namespace bulwark::dockerfile
