#pragma once

#include <simdjson.h>

#include "cel/value.h"

namespace bulwark::cel {

/// Copies a simdjson DOM element into an owned CEL value (integers stay int, large unsigned become uint).
Value from_json(simdjson::dom::element e);

}  // namespace bulwark::cel
