#include "cel/functions.h"

namespace bulwark::cel {

void FunctionRegistry::add(std::string_view name, bool member, std::initializer_list<std::uint8_t> kinds,
                           FunctionImpl impl, bool non_strict) {
  Overload o;
  o.member = member;
  o.arity = static_cast<std::uint8_t>(kinds.size());
  std::size_t i = 0;
  for (std::uint8_t k : kinds) o.kinds[i++] = k;
  o.impl = impl;
  o.non_strict = non_strict;
  by_name_[std::string(name)].push_back(o);
}

void FunctionRegistry::add_both(std::string_view name, std::initializer_list<std::uint8_t> kinds,
                                FunctionImpl impl) {
  add(name, false, kinds, impl);
  add(name, true, kinds, impl);
}

const std::vector<Overload>* FunctionRegistry::find(std::string_view name) const {
  auto it = by_name_.find(std::string(name));
  return it == by_name_.end() ? nullptr : &it->second;
}

const FunctionRegistry& kubernetes_registry() {
  static const FunctionRegistry registry = [] {
    FunctionRegistry r;
    register_standard(r);
    register_extensions(r);
    return r;
  }();
  return registry;
}

}  // namespace bulwark::cel
