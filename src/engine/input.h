#pragma once

#include <string>
#include <vector>

namespace bulwark::engine {

/// What a scanned path is, decided by its name (and, for directories, their contents).
enum class InputKind { Manifest, Dockerfile, ImageArchive, ImageLayout, StandardInput };

/// One thing to scan.
struct Input {
  std::string path;  // "-" for standard input
  InputKind kind = InputKind::Manifest;
};

/// A path argument that could not be used (missing, unreadable).
struct InputError {
  std::string path;
  std::string message;
};

/// Expands the command line's paths into inputs, in a stable order: files as given, directories
/// walked recursively (sorted, skipping .git, node_modules and vendor) for *.yaml, *.yml, *.json,
/// Dockerfiles/Containerfiles, image tarballs (*.tar) and OCI layouts (a folder with index.json
/// and blobs/). Files named explicitly are scanned whatever their extension.
struct InputList {
  std::vector<Input> inputs;
  std::vector<InputError> errors;
};
InputList discover_inputs(const std::vector<std::string>& paths);

/// True for Dockerfile, Containerfile, Dockerfile.<x>, <x>.Dockerfile, <x>.dockerfile.
bool is_dockerfile_name(std::string_view file_name);

}  // namespace bulwark::engine
