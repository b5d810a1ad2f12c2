#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bulwark::fix {

/// A value that `fix` writes where nothing was written before: a scalar, a mapping or a sequence.
/// Scalars keep whether they are strings so that a JSON-style flow mapping gets them quoted.
struct NewValue {
  enum class Kind { Scalar, Mapping, Sequence };
  struct Entry;
  Kind kind = Kind::Scalar;
  std::string scalar;  // the YAML text of a scalar (plain style)
  bool is_string = false;
  std::vector<Entry> entries;
  std::vector<NewValue> items;

  static NewValue boolean(bool value);
  static NewValue string(std::string text);
  static NewValue mapping();
  static NewValue sequence(std::vector<NewValue> items);
  /// Adds (or replaces) a mapping entry; returns *this for chaining.
  NewValue& with(std::string key, NewValue value);
  /// The entry of a mapping, created as an empty mapping when absent.
  NewValue& child(std::string_view key);

 private:
  static NewValue scalar_of(std::string text, bool string);
};

// A mapping entry. Not a std::pair, and the members below are defined out of the class: clang
// evaluates std::pair's constraints on the still incomplete NewValue inside the class body, which
// libstdc++ 12 rejects (the libFuzzer build is clang's).
struct NewValue::Entry {
  std::string key;
  NewValue value;
};

inline NewValue NewValue::boolean(bool value) {
  return scalar_of(value ? "true" : "false", false);
}
inline NewValue NewValue::string(std::string text) {
  return scalar_of(std::move(text), true);
}
inline NewValue NewValue::mapping() {
  NewValue v;
  v.kind = Kind::Mapping;
  return v;
}
inline NewValue NewValue::sequence(std::vector<NewValue> items) {
  NewValue v;
  v.kind = Kind::Sequence;
  v.items = std::move(items);
  return v;
}
inline NewValue& NewValue::with(std::string key, NewValue value) {
  for (auto& [k, v] : entries)
    if (k == key) {
      v = std::move(value);
      return *this;
    }
  entries.push_back(Entry{std::move(key), std::move(value)});
  return *this;
}
inline NewValue& NewValue::child(std::string_view key) {
  for (auto& [k, v] : entries)
    if (k == key) return v;
  entries.push_back(Entry{std::string(key), mapping()});
  return entries.back().value;
}
inline NewValue NewValue::scalar_of(std::string text, bool string) {
  NewValue v;
  v.scalar = std::move(text);
  v.is_string = string;
  return v;
}

}  // namespace bulwark::fix
