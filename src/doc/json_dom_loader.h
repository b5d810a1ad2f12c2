#pragma once

#include <optional>
#include <string>

#include "doc/document.h"
#include "doc/load_limits.h"

namespace bulwark::doc {

/// The fast way from JSON text to a tree when nobody will ask where a value was written (an
/// AdmissionReview the webhook answers): simdjson's DOM parser builds its tape at full speed and
/// one walk of it builds the nodes, which have unknown ranges. It answers nullopt, leaving `file`
/// and `text` as they were, for everything that the On-Demand loader must handle to be exact: parse
/// errors (reported with a position), duplicate keys (a warning with positions), numbers whose source
/// text the DOM does not keep (floats, integers beyond int64, a negative zero), nesting at the
/// limit, a BOM, a root that is not an object or an array.
std::optional<Document> load_json_without_positions(std::string& file, std::string& text,
                                                    const LoadLimits& limits);

}  // namespace bulwark::doc
