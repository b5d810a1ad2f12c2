// A whole scan of one input: load, find objects, run every document and object rule at the
// strictest level. Rules read untrusted trees; none may crash on odd shapes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "doc/yaml_loader.h"
#include "k8s/object.h"
#include "rules/catalog.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  bulwark::doc::MemoryByteSource source(text);
  bulwark::doc::LoadLimits limits;
  limits.max_expanded_nodes = 100'000;
  bulwark::doc::YamlStreamLoader loader(source, "fuzz.yaml", limits);
  bulwark::rules::CheckContext context;
  while (auto d = loader.next()) {
    if (!*d) continue;
    bulwark::rules::FindingSink sink;
    for (const auto& r : bulwark::rules::document_rules()) r.check(**d, sink);
    for (const auto& object : bulwark::k8s::Object::in(**d))
      for (const auto& r : bulwark::rules::object_rules()) r.check(object, context, sink);
    for (const auto& f : sink.findings())
      if (!f.rule || f.message.empty()) __builtin_trap();
  }
  return 0;
}
