// Any byte sequence through the JSON loader (the webhook's AdmissionReview path starts here), with
// and without positions: the DOM path (JsonPositions::Skip) must build the On-Demand loader's tree
// or hand the text back to it, so both answers must agree.
#include <cstddef>
#include <cstdint>
#include <string>

#include "doc/json_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto d = bulwark::doc::load_json_document("fuzz.json", text);
  auto fast = bulwark::doc::load_json_document("fuzz.json", text, {}, bulwark::doc::JsonPositions::Skip);
  if (d.has_value() != fast.has_value()) __builtin_trap();
  if (d && d->root()) {
    const std::string json = bulwark::doc::to_json(*d->root());
    if (json.empty()) __builtin_trap();
    if (!fast->root() || bulwark::doc::to_json(*fast->root()) != json) __builtin_trap();
    if (d->warnings().size() != fast->warnings().size()) __builtin_trap();
  } else if (!d && (d.error().message.empty() || d.error().message != fast.error().message)) {
    __builtin_trap();
  }
  return 0;
}
