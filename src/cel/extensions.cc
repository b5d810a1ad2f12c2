#include "cel/functions.h"

namespace bulwark::cel {

void register_strings_ext(FunctionRegistry& r);
void register_lists_ext(FunctionRegistry& r);
void register_quantity(FunctionRegistry& r);
void register_regex(FunctionRegistry& r);
void register_url(FunctionRegistry& r);
void register_net(FunctionRegistry& r);
void register_semver(FunctionRegistry& r);
void register_format(FunctionRegistry& r);
void register_authz(FunctionRegistry& r);

void register_extensions(FunctionRegistry& r) {
  register_strings_ext(r);
  register_lists_ext(r);
  register_quantity(r);
  register_regex(r);
  register_url(r);
  register_net(r);
  register_semver(r);
  register_format(r);
  register_authz(r);
}

}  // namespace bulwark::cel
