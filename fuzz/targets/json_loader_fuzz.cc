// Any byte sequence through the JSON loader (the webhook's AdmissionReview path starts here).
#include <cstddef>
#include <cstdint>
#include <string>

#include "doc/json_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto d = bulwark::doc::load_json_document("fuzz.json", std::move(text));
  if (d && d->root()) {
    const std::string json = bulwark::doc::to_json(*d->root());
    if (json.empty()) __builtin_trap();
  } else if (!d && d.error().message.empty()) {
    __builtin_trap();
  }
  return 0;
}
