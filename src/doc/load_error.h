#pragma once

#include <string>

#include "doc/source_range.h"

namespace bulwark::doc {

/// A document or file that could not be loaded: where, and a one-line reason. Loading goes on
/// with the next document.
struct LoadError {
  std::string file;
  Position position;
  std::string message;
};

}  // namespace bulwark::doc
