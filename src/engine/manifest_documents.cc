#include "engine/manifest_documents.h"

#include "doc/byte_source.h"
#include "doc/json_loader.h"
#include "doc/yaml_loader.h"

namespace bulwark::engine {

void for_each_document(const Input& input, const std::function<bool(std::string_view)>& wanted,
                       const std::function<void(doc::Document)>& visit) {
  if (input.kind != InputKind::Manifest) return;
  auto source = doc::FileByteSource::open(input.path);
  if (!source) return;
  auto text = doc::read_all(*source, doc::LoadLimits{}.max_document_bytes * 4);
  if (!text || !wanted(*text)) return;
  if (doc::looks_like_json(*text)) {
    if (auto d = doc::load_json_document(input.path, std::move(*text))) visit(std::move(*d));
    return;
  }
  doc::MemoryByteSource memory(*text);
  doc::YamlStreamLoader loader(memory, input.path);
  while (auto d = loader.next())
    if (*d) visit(std::move(**d));
}

}  // namespace bulwark::engine
