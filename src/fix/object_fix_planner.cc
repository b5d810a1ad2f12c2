#include "fix/object_fix_planner.h"

#include <algorithm>
#include <optional>
#include <span>

#include "fix/fix_checks.h"
#include "k8s/pod_spec_view.h"

namespace bulwark::fix {
namespace {

using Path = std::span<const std::string_view>;

constexpr std::string_view kEscalation[] = {"securityContext", "allowPrivilegeEscalation"};
constexpr std::string_view kPrivileged[] = {"securityContext", "privileged"};
constexpr std::string_view kNonRoot[] = {"securityContext", "runAsNonRoot"};
constexpr std::string_view kDrop[] = {"securityContext", "capabilities", "drop"};
constexpr std::string_view kSeccompType[] = {"securityContext", "seccompProfile", "type"};
constexpr std::string_view kReadOnly[] = {"securityContext", "readOnlyRootFilesystem"};
constexpr std::string_view kVolumeMounts[] = {"volumeMounts"};
constexpr std::string_view kVolumes[] = {"volumes"};
constexpr std::string_view kAutomount[] = {"automountServiceAccountToken"};

bool valid_seccomp(const doc::Node* profile) {
  const doc::Node* type = profile && profile->is_mapping() ? profile->get("type") : nullptr;
  return type && (type->text() == "RuntimeDefault" || type->text() == "Localhost");
}

const doc::Node* security_field(const doc::Node* sc, std::string_view key) {
  return sc && sc->is_mapping() ? sc->get(key) : nullptr;
}

/// Everything one object's fixes share.
class ObjectPlanner {
 public:
  ObjectPlanner(const k8s::Object& object, const k8s::PodSpecView& pod, std::string_view base,
                const FixSettings& settings, DocumentEditor& editor, ObjectFixPlan& plan)
      : object_(object),
        pod_(pod),
        base_(base),
        settings_(settings),
        editor_(editor),
        plan_(plan),
        containers_(pod.every_container()) {}

  void fix(const FixInfo& fix, const rules::Finding& finding);

 private:
  const k8s::ContainerView* container(std::string_view target) const {
    for (const k8s::ContainerView& c : containers_)
      if (c.path() == target) return &c;
    return nullptr;
  }
  std::string path_of(const std::string& relative) const { return join_path(base_, relative); }
  bool set(const doc::Node& node, const std::string& relative, Path path, NewValue value,
           const rules::Finding& finding);
  bool append(const doc::Node& node, const std::string& relative, Path path, NewValue item,
              const rules::Finding& finding);
  void leave(const rules::Finding& finding, std::string reason) {
    plan_.unfixed.push_back(
        UnfixedFinding{std::string(finding.rule->id), finding.object, finding.field_path, std::move(reason)});
  }
  void claim(const FixInfo& fix, const rules::Finding& finding, const std::string& target) {
    plan_.claims.push_back(FixClaim{std::string(finding.rule->id), target});
    std::string note = std::string(fix.name) + ": " + target;
    if (std::ranges::find(plan_.applied, note) == plan_.applied.end())
      plan_.applied.push_back(std::move(note));
  }
  bool runs_as_root(const k8s::ContainerView* c) const;
  bool fix_seccomp(const k8s::ContainerView* c, const rules::Finding& finding);
  bool fix_seccomp_annotations(const rules::Finding& finding);
  bool fix_read_only(const k8s::ContainerView& c, const rules::Finding& finding);

  const k8s::Object& object_;
  const k8s::PodSpecView& pod_;
  std::string_view base_;
  const FixSettings& settings_;
  DocumentEditor& editor_;
  ObjectFixPlan& plan_;
  std::span<const k8s::ContainerView> containers_;  // the Object's own list
  std::optional<std::string> tmp_volume_;           // the emptyDir planned for /tmp mounts
};

bool ObjectPlanner::set(const doc::Node& node, const std::string& relative, Path path, NewValue value,
                        const rules::Finding& finding) {
  auto done = editor_.set(node, path_of(relative), path, std::move(value));
  if (!done) leave(finding, "not edited: " + done.error());
  return done.has_value();
}

bool ObjectPlanner::append(const doc::Node& node, const std::string& relative, Path path, NewValue item,
                           const rules::Finding& finding) {
  auto done = editor_.append(node, path_of(relative), path, std::move(item));
  if (!done) leave(finding, "not edited: " + done.error());
  return done.has_value();
}

bool ObjectPlanner::runs_as_root(const k8s::ContainerView* c) const {
  const doc::Node* own = c ? security_field(c->security_context(), "runAsUser") : nullptr;
  const doc::Node* uid = own ? own : security_field(pod_.security_context(), "runAsUser");
  return uid && uid->as_int() == 0;
}

bool ObjectPlanner::fix_seccomp(const k8s::ContainerView* c, const rules::Finding& finding) {
  const doc::Node* pod_profile = security_field(pod_.security_context(), "seccompProfile");
  if (c) {
    if (security_field(c->security_context(), "seccompProfile"))  // the container's own bad profile
      return set(c->node(), c->path(), kSeccompType, NewValue::string("RuntimeDefault"), finding);
  } else if (finding.field_path.find("annotations") != std::string::npos) {
    return fix_seccomp_annotations(finding);
  }
  if (pod_profile && valid_seccomp(pod_profile)) {  // inherits a good profile yet reported: leave it
    leave(finding, "the pod's profile already applies");
    return false;
  }
  return set(pod_.spec(), pod_.path(), kSeccompType, NewValue::string("RuntimeDefault"), finding);
}

// Before 1.19 the profile was chosen by annotations; the secure value there is runtime/default.
bool ObjectPlanner::fix_seccomp_annotations(const rules::Finding& finding) {
  const doc::Node* metadata = pod_.pod_metadata();
  const doc::Node* annotations = metadata && metadata->is_mapping() ? metadata->get("annotations") : nullptr;
  if (!annotations || !annotations->is_mapping()) {
    leave(finding, "cannot find the seccomp annotation");
    return false;
  }
  const std::string base = join_path(pod_.metadata_path(), "annotations");
  bool done = false;
  for (const doc::MapEntry& e : annotations->entries()) {
    const bool seccomp = e.name == "seccomp.security.alpha.kubernetes.io/pod" ||
                         e.name.starts_with("container.seccomp.security.alpha.kubernetes.io/");
    const std::string_view v = e.value->text();
    if (!seccomp || v == "runtime/default" || v == "docker/default" || v.starts_with("localhost/")) continue;
    if (!e.value->is_string()) continue;
    auto replaced = editor_.replace_string(*e.value, path_of(join_path(base, e.name)), "runtime/default");
    if (!replaced) {
      leave(finding, "not edited: " + replaced.error());
      return false;
    }
    done = true;
  }
  if (!done) leave(finding, "cannot find the seccomp annotation");
  return done;
}

bool ObjectPlanner::fix_read_only(const k8s::ContainerView& c, const rules::Finding& finding) {
  if (!set(c.node(), c.path(), kReadOnly, NewValue::boolean(true), finding)) return false;
  const doc::Node* mounts = c.get("volumeMounts");
  if (mounts && mounts->is_sequence())
    for (const doc::Node* m : mounts->items()) {
      const doc::Node* at = m->is_mapping() ? m->get("mountPath") : nullptr;
      if (at && (at->text() == "/tmp" || at->text() == "/tmp/")) return true;
    }
  if (!tmp_volume_) {
    // Reuse an emptyDir named tmp; otherwise add one under a name nothing else uses.
    const doc::Node* volumes = pod_.get("volumes");
    auto volume = [&](std::string_view name) -> const doc::Node* {
      if (volumes && volumes->is_sequence())
        for (const doc::Node* v : volumes->items())
          if (v->is_mapping() && v->get("name") && v->get("name")->text() == name) return v;
      return nullptr;
    };
    std::string name = "tmp";
    const doc::Node* existing = volume(name);
    if (existing && !existing->get("emptyDir")) {
      name = "bulwark-tmp";
      existing = volume(name);
    }
    if (!existing &&
        !append(
            pod_.spec(), pod_.path(), kVolumes,
            NewValue::mapping().with("name", NewValue::string(name)).with("emptyDir", NewValue::mapping()),
            finding))
      return false;
    tmp_volume_ = name;
  }
  return append(c.node(), c.path(), kVolumeMounts,
                NewValue::mapping()
                    .with("name", NewValue::string(*tmp_volume_))
                    .with("mountPath", NewValue::string("/tmp")),
                finding);
}

void ObjectPlanner::fix(const FixInfo& fix, const rules::Finding& finding) {
  const std::string target = fix_target(object_, finding.field_path);
  const k8s::ContainerView* c = container(target);
  auto need_container = [&]() {
    if (!c) leave(finding, "the finding is not about one container");
    return c != nullptr;
  };
  bool done = false;
  switch (fix.kind) {
    case FixKind::AllowPrivilegeEscalation:
      done = need_container() && set(c->node(), c->path(), kEscalation, NewValue::boolean(false), finding);
      break;
    case FixKind::Privileged:
      done = need_container() && set(c->node(), c->path(), kPrivileged, NewValue::boolean(false), finding);
      break;
    case FixKind::RunAsNonRoot:
      if (runs_as_root(c)) {
        leave(finding, "runAsUser is 0: choose a non-root UID (runAsUser) first");
        return;
      }
      if (c && security_field(c->security_context(), "runAsNonRoot"))
        done = set(c->node(), c->path(), kNonRoot, NewValue::boolean(true), finding);
      else if (std::ranges::any_of(containers_,
                                   [&](const k8s::ContainerView& other) { return runs_as_root(&other); })) {
        leave(finding, "a container sets runAsUser 0: choose a non-root UID first");
        return;
      } else
        done = set(pod_.spec(), pod_.path(), kNonRoot, NewValue::boolean(true), finding);
      break;
    case FixKind::DropCapabilities: {
      if (!need_container()) return;
      const doc::Node* caps = security_field(c->security_context(), "capabilities");
      const doc::Node* drop = caps && caps->is_mapping() ? caps->get("drop") : nullptr;
      bool all = false;
      if (drop && drop->is_sequence())
        for (const doc::Node* d : drop->items()) all |= d->text() == "ALL";
      if (!all && !append(c->node(), c->path(), kDrop, NewValue::string("ALL"), finding)) return;
      const doc::Node* add = caps && caps->is_mapping() ? caps->get("add") : nullptr;
      bool extra = false;
      if (finding.rule->id == std::string_view("PSS-capabilities_restricted") && add && add->is_sequence())
        for (const doc::Node* a : add->items()) extra |= a->text() != "NET_BIND_SERVICE";
      if (extra) {
        leave(finding,
              "drop: [ALL] added; capabilities.add lists more than NET_BIND_SERVICE: remove what the "
              "application does not need");
        return;
      }
      done = true;
      break;
    }
    case FixKind::SeccompProfile:
      done = fix_seccomp(c, finding);
      break;
    case FixKind::HostNamespaces: {
      const auto dot = finding.field_path.rfind('.');
      const std::string key = finding.field_path.substr(dot == std::string::npos ? 0 : dot + 1);
      if (key != "hostNetwork" && key != "hostPID" && key != "hostIPC") {
        leave(finding, "not a host namespace field");
        return;
      }
      const std::string_view path[] = {key};
      done = set(pod_.spec(), pod_.path(), path, NewValue::boolean(false), finding);
      break;
    }
    case FixKind::ReadOnlyRoot:
      done = need_container() && fix_read_only(*c, finding);
      break;
    case FixKind::AutomountToken:
      done = set(pod_.spec(), pod_.path(), kAutomount, NewValue::boolean(false), finding);
      break;
    case FixKind::ImageDigest: {
      if (!need_container()) return;
      const doc::Node* image = c->get("image");
      auto pinned = image && image->is_string() ? settings_.pins.pin(image->text()) : std::nullopt;
      if (!pinned) {
        leave(finding, "no digest for this image in --pin-digests");
        return;
      }
      auto replaced = editor_.replace_string(*image, path_of(c->field_path("image")), *pinned);
      if (!replaced) leave(finding, "not edited: " + replaced.error());
      done = replaced.has_value();
      break;
    }
  }
  if (done) claim(fix, finding, target);
}

}  // namespace

void plan_object_fixes(const k8s::Object& object, std::string_view base,
                       std::span<const rules::Finding> findings, const FixSettings& settings,
                       DocumentEditor& editor, ObjectFixPlan& plan) {
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return;
  ObjectPlanner planner(object, *pod, base, settings, editor, plan);
  // In the catalog's order, so that new keys always come in the same order whatever order the
  // rules report in.
  std::vector<std::pair<const FixInfo*, const rules::Finding*>> work;
  for (const rules::Finding& f : findings) {
    const FixInfo* fix = fix_for_rule(f.rule->id);
    if (fix && settings.selection.enabled(*fix, f.rule->id)) work.emplace_back(fix, &f);
  }
  std::ranges::stable_sort(work, {}, [](const auto& w) { return static_cast<int>(w.first->kind); });
  for (const auto& [fix, f] : work) planner.fix(*fix, *f);
}

}  // namespace bulwark::fix
