#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bulwark::dockerfile {

/// Build-time variables in scope (ARG and ENV), in declaration order; a later `set` of a name replaces it.
class Variables {
 public:
  void set(std::string_view name, std::string_view value);
  std::optional<std::string_view> find(std::string_view name) const;
  bool empty() const { return entries_.empty(); }
  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

/// The result of expanding one word.
struct Expansion {
  std::string text;
  std::vector<std::string> unset;  // variables used without a value and without a default
};

/// Expands a word as BuildKit does for FROM, COPY, ENV, USER, WORKDIR...: removes quotes, applies the escape
/// character, and substitutes $VAR, ${VAR}, ${VAR:-word}, ${VAR-word}, ${VAR:+word}, ${VAR+word},
/// ${VAR:?msg}, ${VAR?msg}, ${VAR#glob}, ${VAR##glob}, ${VAR%glob}, ${VAR%%glob}, ${VAR/glob/x},
/// ${VAR//glob/x}. Errors (unterminated quote, bad substitution, `:?` on an unset variable) carry a reason.
std::expected<Expansion, std::string> expand(std::string_view word, const Variables& vars,
                                             char escape = '\\');

/// Shell glob match with `*` and `?` (a backslash makes the next byte literal), used by the # and %
/// modifiers.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace bulwark::dockerfile
