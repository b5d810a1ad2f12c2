// Any byte sequence as an image archive: a clear error or an image, in bounded memory and time.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "image/image.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/bulwark-fuzz-image-" + std::to_string(::getpid()) + ".tar";
  if (FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
  }
  auto image = bulwark::image::read_image(path);
  (void)image;
  return 0;
}
