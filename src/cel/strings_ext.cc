#include "cel/functions.h"

namespace bulwark::cel {

void register_strings_ext(FunctionRegistry& r) {
  (void)r;
}

}  // namespace bulwark::cel
