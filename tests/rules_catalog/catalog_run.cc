#include "catalog_run.h"

#include <gtest/gtest.h>

#include <memory>

#include "doc/byte_source.h"
#include "doc/yaml_loader.h"
#include "k8s/object.h"
#include "rules/catalog.h"

namespace bulwark::rules::testing {

bool in_catalog_families(const RuleMeta& meta) {
  switch (meta.family) {
    case Family::Workload:
    case Family::ServiceAccount:
    case Family::Rbac:
    case Family::Network:
    case Family::Secrets:
    case Family::Cluster:
      return true;
    default:
      return false;
  }
}

namespace {
bool selected(const RuleMeta& meta, const RunOptions& options) {
  if (!in_catalog_families(meta)) return false;
  if (!options.only.empty()) return options.only.contains(meta.id);
  return meta.enabled_by_default;
}
}  // namespace

std::vector<Finding> run_catalog(std::string_view yaml, const RunOptions& options, std::string_view file) {
  doc::MemoryByteSource source(yaml);
  doc::YamlStreamLoader loader(source, std::string(file));
  std::vector<std::unique_ptr<CrossObjectCheck>> cross;
  for (const CrossObjectRule& r : cross_object_rules()) cross.push_back(r.make());
  FindingSink sink;
  while (auto result = loader.next()) {
    if (!result->has_value()) {
      ADD_FAILURE() << "load error: " << result->error().message;
      continue;
    }
    const doc::Document& document = **result;
    for (const k8s::Object& object : k8s::Object::in(document)) {
      for (const ObjectRule& rule : object_rules())
        if (selected(*rule.meta, options)) rule.check(object, options.context, sink);
      for (auto& check : cross) check->observe(object, options.context);
    }
  }
  for (auto& check : cross) check->finish(sink);
  std::vector<Finding> out;
  for (Finding& f : sink.take())
    if (selected(*f.rule, options)) out.push_back(std::move(f));
  return out;
}

}  // namespace bulwark::rules::testing
