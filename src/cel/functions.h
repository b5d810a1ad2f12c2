#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cel/value.h"

namespace bulwark::cel {

/// What a function implementation sees besides its arguments: data the compiler prepared for this call
/// site (e.g. a precompiled regular expression) and the running cost counter.
struct CallContext {
  const void* prepared = nullptr;
  std::uint64_t* cost = nullptr;
};

using FunctionImpl = Value (*)(std::span<const Value> args, CallContext& ctx);

/// Marks a parameter that accepts any kind.
inline constexpr std::uint8_t kAnyKind = 0xFF;

/// One overload: receiver style or global, parameter kinds (receiver first), implementation.
struct Overload {
  bool member = false;
  std::uint8_t arity = 0;
  std::array<std::uint8_t, 4> kinds{};
  FunctionImpl impl = nullptr;
  /// Non-strict overloads receive error arguments instead of short-circuiting on them.
  bool non_strict = false;

  bool matches(std::span<const Value> args) const {
    for (std::size_t i = 0; i < arity; ++i) {
      if (kinds[i] != kAnyKind && kinds[i] != args[i].dispatch_kind()) return false;
    }
    return true;
  }
};

/// Parameter kind list helper: K(Kind::Int) etc.
constexpr std::uint8_t K(Kind k) {
  return static_cast<std::uint8_t>(k);
}
constexpr std::uint8_t K(OpaqueType t) {
  return static_cast<std::uint8_t>(t);
}

/// Functions by name; the standard library and the extension libraries register into it.
class FunctionRegistry {
 public:
  void add(std::string_view name, bool member, std::initializer_list<std::uint8_t> kinds, FunctionImpl impl,
           bool non_strict = false);
  /// Both `f(x, ...)` and `x.f(...)`.
  void add_both(std::string_view name, std::initializer_list<std::uint8_t> kinds, FunctionImpl impl);
  const std::vector<Overload>* find(std::string_view name) const;

 private:
  std::unordered_map<std::string, std::vector<Overload>> by_name_;
};

/// The CEL standard library (operators, conversions, string and time functions, optionals).
void register_standard(FunctionRegistry& r);
/// cel-go ext strings (v2+), lists, sets and math-free Kubernetes libraries.
void register_extensions(FunctionRegistry& r);

/// The registry with every library that the Kubernetes CEL environment loads.
const FunctionRegistry& kubernetes_registry();

}  // namespace bulwark::cel
