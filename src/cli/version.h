#pragma once

namespace bulwark::cli {

#ifndef BULWARK_VERSION
#define BULWARK_VERSION "0.0.0-dev"
#endif
inline constexpr const char* kVersion = BULWARK_VERSION;

}  // namespace bulwark::cli
