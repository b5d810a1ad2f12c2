#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "doc/yaml_loader.h"
#include "k8s/object.h"
#include "policy/policy_set.h"

namespace bulwark::testing {

/// YAML text loaded into objects that stay alive with their documents for a test.
struct Manifest {
  std::unique_ptr<doc::MemoryByteSource> source;
  std::unique_ptr<doc::YamlStreamLoader> loader;
  std::vector<doc::Document> documents;
  std::vector<k8s::Object> objects;

  const k8s::Object& object(std::string_view kind, std::string_view name) const {
    for (const auto& o : objects)
      if (o.kind() == kind && o.name() == name) return o;
    return objects.front();
  }
};

inline std::unique_ptr<Manifest> load(std::string_view yaml, std::string_view file = "test.yaml") {
  auto out = std::make_unique<Manifest>();
  // The loader stays alive with the documents: nodes may borrow from its buffers.
  out->source = std::make_unique<doc::MemoryByteSource>(yaml);
  out->loader = std::make_unique<doc::YamlStreamLoader>(*out->source, std::string(file));
  while (auto d = out->loader->next())
    if (*d) out->documents.push_back(std::move(**d));
  for (const auto& d : out->documents)
    for (auto& o : k8s::Object::in(d)) out->objects.push_back(o);
  return out;
}

}  // namespace bulwark::testing
