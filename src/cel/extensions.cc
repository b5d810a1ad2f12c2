#include "cel/functions.h"

namespace bulwark::cel {

void register_strings_ext(FunctionRegistry& r);

void register_extensions(FunctionRegistry& r) {
  register_strings_ext(r);
}

}  // namespace bulwark::cel
