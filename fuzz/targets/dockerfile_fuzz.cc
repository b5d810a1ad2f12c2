// Any byte sequence through the Dockerfile parser and shell splitter.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dockerfile/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto dockerfile = bulwark::dockerfile::parse(text);
  (void)dockerfile;
  return 0;
}
