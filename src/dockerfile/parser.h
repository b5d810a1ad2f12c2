#pragma once

#include <string_view>

#include "dockerfile/substitution.h"
#include "dockerfile/syntax.h"

namespace bulwark::dockerfile {

/// What the build would be given on the command line.
struct ParseOptions {
  Variables build_args;  // `--build-arg NAME=value`: overrides ARG defaults when resolving base images
};

/// Parses Dockerfile text (any bytes: NUL, invalid UTF-8 and very long lines are read, never trusted).
/// Follows BuildKit's reader: parser directives, the escape character, continuation lines with comment and
/// blank lines inside, here-documents, exec and shell forms, ONBUILD triggers, stages and global ARGs.
Dockerfile parse(std::string_view text, const ParseOptions& options = {});

}  // namespace bulwark::dockerfile
