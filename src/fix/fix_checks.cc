#include "fix/fix_checks.h"

#include <algorithm>

#include "fix/fix_catalog.h"
#include "k8s/pod_spec_view.h"
#include "rules/catalog.h"

namespace bulwark::fix {
namespace {

bool fixable(const rules::RuleMeta& meta) {
  return fix_for_rule(meta.id) != nullptr;
}

// Which object a cross-object finding is about: the one with its display name whose range holds
// the finding (two objects of a file may share a name in different Lists).
std::size_t owner_of(std::span<const k8s::Object> objects, const rules::Finding& f) {
  std::size_t found = objects.size();
  for (std::size_t i = 0; i < objects.size(); ++i) {
    if (objects[i].display_name() != f.object) continue;
    const doc::SourceRange& r = objects[i].root().range();
    if (found == objects.size()) found = i;
    if (f.location.file == objects[i].document().file() && r.begin <= f.location.range.begin &&
        f.location.range.begin < r.end)
      return i;
  }
  return found;
}

}  // namespace

std::vector<std::vector<rules::Finding>> check_objects(std::span<const k8s::Object> objects,
                                                       const rules::CheckContext& context,
                                                       bool cross_object) {
  std::vector<std::vector<rules::Finding>> out(objects.size());
  std::vector<rules::ObjectRule> object_rules;
  for (const rules::ObjectRule& r : rules::object_rules())
    if (fixable(*r.meta)) object_rules.push_back(r);
  for (std::size_t i = 0; i < objects.size(); ++i) {
    rules::FindingSink sink;
    for (const rules::ObjectRule& r : object_rules) r.check(objects[i], context, sink);
    out[i] = sink.take();
  }
  if (!cross_object) return out;
  for (const rules::CrossObjectRule& r : rules::cross_object_rules()) {
    if (std::ranges::none_of(r.metas, [](const rules::RuleMeta* m) { return fixable(*m); })) continue;
    auto check = r.make();
    for (const k8s::Object& o : objects) check->observe(o, context);
    rules::FindingSink sink;
    check->finish(sink);
    for (rules::Finding& f : sink.findings()) {
      if (!fixable(*f.rule)) continue;
      const std::size_t owner = owner_of(objects, f);
      if (owner < objects.size()) out[owner].push_back(std::move(f));
    }
  }
  return out;
}

std::string fix_target(const k8s::Object& object, std::string_view field_path) {
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return std::string(field_path);
  for (const k8s::ContainerView& c : pod->every_container()) {
    const std::string& p = c.path();
    if (field_path == p ||
        (field_path.starts_with(p) && field_path.size() > p.size() && field_path[p.size()] == '.'))
      return p;
  }
  return pod->path();
}

}  // namespace bulwark::fix
