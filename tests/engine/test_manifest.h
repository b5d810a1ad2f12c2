#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "doc/yaml_loader.h"
#include "k8s/object.h"

namespace bulwark::testing {

/// A loaded YAML text and its objects, kept alive together for a test.
struct LoadedManifest {
  std::vector<doc::Document> documents;
  std::vector<k8s::Object> objects;
};

inline std::unique_ptr<LoadedManifest> load_manifest(std::string_view yaml) {
  auto out = std::make_unique<LoadedManifest>();
  doc::MemoryByteSource source(yaml);
  doc::YamlStreamLoader loader(source, "test.yaml");
  while (auto d = loader.next())
    if (*d) out->documents.push_back(std::move(**d));
  for (const auto& d : out->documents)
    for (auto& o : k8s::Object::in(d)) out->objects.push_back(o);
  return out;
}

}  // namespace bulwark::testing
