// Security-context hardening: read-only root, non-root user and group, no privilege escalation,
// capabilities, seccomp. The ones PSS restricted also checks fire only below that level.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "rules/citations/citations.h"
#include "rules/workload/pod_rule_support.h"
#include "rules/workload/workload_rules.h"

namespace bulwark::rules::workload {
namespace {
using namespace citations;

// A field of the container's securityContext's capabilities ("drop", "add").
const doc::Node* capabilities_list(const k8s::ContainerView& c, std::string_view list) {
  const doc::Node* capabilities = c.security_field(k8s::SecurityField::Capabilities);
  return capabilities ? capabilities->get(list) : nullptr;
}

bool is_true(const doc::Node* n) {
  return n && n->as_bool() == true;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (out.starts_with("CAP_")) out.erase(0, 4);
  return out;
}

constexpr Reference kRefsReadOnly[] = {kNsa, kSecurityContext, kMitreImplantImage};
constexpr Reference kRefsNonRoot[] = {kPss, kNsa, kCisPolicies, kSecurityContext, kMitreEscapeToHost};
constexpr Reference kRefsEscalation[] = {kPss, kNsa, kCisPolicies, kMitreEscapeToHost};
constexpr Reference kRefsCapabilities[] = {kPss, kNsa, kCisPolicies, kMitreEscapeToHost};
constexpr Reference kRefsSeccomp[] = {kPss, kNsa, kCisGeneral, kMitreEscapeToHost};
constexpr Reference kRefsUserNs[] = {
    {"Kubernetes: User Namespaces", "https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/"},
    kMitreEscapeToHost};

}  // namespace

extern const RuleMeta kReadOnlyRootFilesystem{
    .id = "BW-workload-readonly-root-fs",
    .severity = Severity::Medium,
    .family = Family::Workload,
    .title = "Container root filesystem is writable",
    .why =
        "An attacker who gets code execution in a container with a writable root filesystem can drop tools, "
        "replace binaries the application runs, or plant a backdoor that survives until the pod is "
        "replaced. A read-only root forces every write into a named volume you chose, which keeps the "
        "image as built and makes tampering visible.",
    .fix =
        "securityContext:\n  readOnlyRootFilesystem: true\n# mount an emptyDir where the app must write:\n"
        "volumeMounts:\n  - name: tmp\n    mountPath: /tmp",
    .references = kRefsReadOnly,
};

void check_read_only_root_filesystem(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return;
  for (const auto& c : pod->workload_container_views()) {
    const doc::Node* v = c.security_field(k8s::SecurityField::ReadOnlyRootFilesystem);
    if (is_true(v)) continue;
    sink.add(kReadOnlyRootFilesystem, object, v ? v : &c.node(),
             c.field_path("securityContext.readOnlyRootFilesystem"),
             fmt::format("{} must set securityContext.readOnlyRootFilesystem=true", describe(c)));
  }
}

extern const RuleMeta kRunAsRootGroup{
    .id = "BW-workload-run-as-root-group",
    .severity = Severity::Medium,
    .family = Family::Workload,
    .title = "Container runs with group id 0 (root group)",
    .why =
        "Files owned by the root group are readable and often writable by group 0 on the node and in the "
        "image. A process running as group 0 gets that access, so a container breakout or a shared "
        "volume turns into read/write access to root-group files. The Pod Security Standards do not "
        "check the group, so this slips through restricted namespaces.",
    .fix = "securityContext:\n  runAsGroup: 10001\n  fsGroup: 10001",
    .references = kRefsNonRoot,
};

void check_run_as_root_group(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return;
  std::vector<const doc::Node*> reported;
  for (const auto& c : pod->workload_container_views()) {
    const doc::Node* v = effective_security_field(*pod, c, k8s::SecurityField::RunAsGroup);
    if (!v || v->as_int() != 0 || std::find(reported.begin(), reported.end(), v) != reported.end()) continue;
    reported.push_back(v);
    const bool own = c.security_field(k8s::SecurityField::RunAsGroup) == v;
    sink.add(kRunAsRootGroup, object, v,
             own ? c.field_path("securityContext.runAsGroup") : pod->field_path("securityContext.runAsGroup"),
             fmt::format("{} runs with runAsGroup=0", own ? describe(c) : std::string("the pod")));
  }
  const doc::Node* psc = pod->security_context();
  if (!psc || !psc->is_mapping()) return;
  if (const doc::Node* fs = pod->security_field(k8s::SecurityField::FsGroup); fs && fs->as_int() == 0)
    sink.add(kRunAsRootGroup, object, fs, pod->field_path("securityContext.fsGroup"),
             "the pod sets fsGroup=0: its volumes become owned by the root group");
  if (const doc::Node* groups = pod->security_field(k8s::SecurityField::SupplementalGroups);
      groups && groups->is_sequence()) {
    std::size_t i = 0;
    for (const doc::Node* g : groups->items()) {
      if (g->as_int() == 0)
        sink.add(kRunAsRootGroup, object, g,
                 pod->field_path(fmt::format("securityContext.supplementalGroups[{}]", i)),
                 "the pod adds the root group (0) to supplementalGroups");
      ++i;
    }
  }
}

extern const RuleMeta kRunAsNonRoot{
    .id = "BW-workload-run-as-non-root",
    .severity = Severity::Medium,
    .family = Family::Workload,
    .title = "Container may run as root",
    .why =
        "Unless runAsNonRoot is true (or a non-zero runAsUser is set), the container runs as whatever user "
        "the image declares, which is root for most images. Root in a container is root on the node as "
        "soon as any kernel or runtime bug lets it out, and it can read every file the image holds. "
        "(Reported here only where the Pod Security Standards level in force is below restricted, "
        "which reports it itself.)",
    .fix = "securityContext:\n  runAsNonRoot: true\n  runAsUser: 10001",
    .references = kRefsNonRoot,
};

void check_run_as_non_root(const k8s::Object& object, const CheckContext& context, FindingSink& sink) {
  if (pss_reports(context, PssLevel::Restricted)) return;
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return;
  for (const auto& c : pod->workload_container_views()) {
    const doc::Node* non_root = effective_security_field(*pod, c, k8s::SecurityField::RunAsNonRoot);
    const doc::Node* user = effective_security_field(*pod, c, k8s::SecurityField::RunAsUser);
    if (is_true(non_root) || (user && user->as_int().value_or(0) > 0)) continue;
    sink.add(
        kRunAsNonRoot, object, non_root ? non_root : &c.node(), c.field_path("securityContext.runAsNonRoot"),
        fmt::format("{} must set securityContext.runAsNonRoot=true (or a non-zero runAsUser)", describe(c)));
  }
}

extern const RuleMeta kRunAsRootUser{
    .id = "BW-workload-run-as-root-user",
    .severity = Severity::High,
    .family = Family::Workload,
    .title = "Container explicitly runs as user 0 (root)",
    .why =
        "runAsUser: 0 makes the process root inside the container on purpose. Any container escape then "
        "lands as root on the node, and root inside can change files in every volume it mounts. "
        "(Reported only where the Pod Security Standards level in force is below restricted.)",
    .fix = "securityContext:\n  runAsUser: 10001\n  runAsNonRoot: true",
    .references = kRefsNonRoot,
};

void check_run_as_root_user(const k8s::Object& object, const CheckContext& context, FindingSink& sink) {
  if (pss_reports(context, PssLevel::Restricted)) return;
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return;
  std::vector<const doc::Node*> reported;
  for (const auto& c : pod->workload_container_views()) {
    const doc::Node* v = effective_security_field(*pod, c, k8s::SecurityField::RunAsUser);
    if (!v || v->as_int() != 0 || std::find(reported.begin(), reported.end(), v) != reported.end()) continue;
    reported.push_back(v);
    const bool own = c.security_field(k8s::SecurityField::RunAsUser) == v;
    sink.add(kRunAsRootUser, object, v,
             own ? c.field_path("securityContext.runAsUser") : pod->field_path("securityContext.runAsUser"),
             fmt::format("{} runs with runAsUser=0", own ? describe(c) : std::string("the pod")));
  }
}

extern const RuleMeta kAllowPrivilegeEscalation{
    .id = "BW-workload-allow-privilege-escalation",
    .severity = Severity::Medium,
    .family = Family::Workload,
    .title = "Container allows privilege escalation",
    .why =
        "Unless allowPrivilegeEscalation is false, a process in the container can gain more privileges than "
        "it started with, through setuid binaries such as sudo or su or file capabilities. An attacker "
        "with a foothold as an unprivileged user uses them to become root in the container. (Reported only "
        "where the Pod Security Standards level in force is below restricted.)",
    .fix = "securityContext:\n  allowPrivilegeEscalation: false",
    .references = kRefsEscalation,
};

void check_allow_privilege_escalation(const k8s::Object& object, const CheckContext& context,
                                      FindingSink& sink) {
  if (pss_reports(context, PssLevel::Restricted)) return;
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return;
  for (const auto& c : pod->workload_container_views()) {
    const doc::Node* v = c.security_field(k8s::SecurityField::AllowPrivilegeEscalation);
    if (v && v->as_bool() == false) continue;
    sink.add(kAllowPrivilegeEscalation, object, v ? v : &c.node(),
             c.field_path("securityContext.allowPrivilegeEscalation"),
             fmt::format("{} must set securityContext.allowPrivilegeEscalation=false", describe(c)));
  }
}

extern const RuleMeta kDropAllCapabilities{
    .id = "BW-workload-drop-all-capabilities",
    .severity = Severity::Medium,
    .family = Family::Workload,
    .title = "Container does not drop all capabilities",
    .why =
        "Containers start with a default set of Linux capabilities, including NET_RAW (forge packets and "
        "spoof other pods on the node network), CHOWN, SETUID and DAC_OVERRIDE. An attacker inside the "
        "container uses them to escalate or attack neighbours. Dropping ALL and adding back only what "
        "the application needs removes that toolbox. (Reported only where the Pod Security Standards "
        "level in force is below restricted.)",
    .fix =
        "securityContext:\n  capabilities:\n    drop: [\"ALL\"]\n    add: [\"NET_BIND_SERVICE\"]  # only if "
        "needed",
    .references = kRefsCapabilities,
};

void check_drop_all_capabilities(const k8s::Object& object, const CheckContext& context, FindingSink& sink) {
  if (pss_reports(context, PssLevel::Restricted)) return;
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return;
  for (const auto& c : pod->workload_container_views()) {
    const doc::Node* drop = capabilities_list(c, "drop");
    bool all = false;
    if (drop && drop->is_sequence())
      for (const doc::Node* d : drop->items()) all |= upper(d->text()) == "ALL";
    if (all) continue;
    sink.add(kDropAllCapabilities, object, drop ? drop : &c.node(),
             c.field_path("securityContext.capabilities.drop"),
             fmt::format("{} must drop ALL capabilities (securityContext.capabilities.drop: [\"ALL\"])",
                         describe(c)));
  }
}

extern const RuleMeta kDangerousCapability{
    .id = "BW-workload-dangerous-capability",
    .severity = Severity::High,
    .family = Family::Workload,
    .title = "Container adds a dangerous capability",
    .why =
        "Capabilities such as SYS_ADMIN, SYS_PTRACE, SYS_MODULE, NET_ADMIN or BPF give a process most of "
        "root's power over the kernel: mounting filesystems, reading other processes' memory, loading "
        "kernel modules, reconfiguring the node network. Each has been used in published container "
        "escapes. (Reported only in namespaces at the privileged Pod Security level: baseline and "
        "restricted report any added capability themselves.)",
    .fix =
        "securityContext:\n  capabilities:\n    drop: [\"ALL\"]\n    # add only narrowly scoped "
        "capabilities, "
        "e.g. NET_BIND_SERVICE",
    .references = kRefsCapabilities,
};

void check_dangerous_capability(const k8s::Object& object, const CheckContext& context, FindingSink& sink) {
  if (pss_reports(context, PssLevel::Baseline)) return;
  static constexpr std::array<std::string_view, 16> kDangerous{
      "ALL",       "SYS_ADMIN",    "SYS_PTRACE", "SYS_MODULE",
      "SYS_RAWIO", "SYS_BOOT",     "SYS_TIME",   "NET_ADMIN",
      "NET_RAW",   "BPF",          "PERFMON",    "DAC_READ_SEARCH",
      "MAC_ADMIN", "MAC_OVERRIDE", "SYSLOG",     "LINUX_IMMUTABLE"};
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return;
  for (const auto& c : pod->workload_container_views()) {
    const doc::Node* add = capabilities_list(c, "add");
    if (!add || !add->is_sequence()) continue;
    std::size_t i = 0;
    for (const doc::Node* cap : add->items()) {
      const std::string name = upper(cap->text());
      if (std::find(kDangerous.begin(), kDangerous.end(), name) != kDangerous.end())
        sink.add(kDangerousCapability, object, cap,
                 c.field_path(fmt::format("securityContext.capabilities.add[{}]", i)),
                 fmt::format("{} adds capability {}", describe(c), name));
      ++i;
    }
  }
}

extern const RuleMeta kSeccompProfile{
    .id = "BW-workload-seccomp-profile",
    .severity = Severity::Medium,
    .family = Family::Workload,
    .title = "Container runs without a seccomp profile",
    .why =
        "Without seccomp (RuntimeDefault), a container can call every one of the kernel's 300+ system calls, "
        "including rarely used ones where most kernel privilege-escalation bugs live. The runtime's "
        "default profile blocks those the application never needs, so a kernel exploit from inside the "
        "container usually fails. (Reported only where the Pod Security Standards level in force is "
        "below restricted.)",
    .fix = "securityContext:\n  seccompProfile:\n    type: RuntimeDefault",
    .references = kRefsSeccomp,
};

void check_seccomp_profile(const k8s::Object& object, const CheckContext& context, FindingSink& sink) {
  if (pss_reports(context, PssLevel::Restricted)) return;
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return;
  const auto legacy = pod->pod_annotation("seccomp.security.alpha.kubernetes.io/pod");
  for (const auto& c : pod->workload_container_views()) {
    const doc::Node* profile = effective_security_field(*pod, c, k8s::SecurityField::SeccompProfile);
    const doc::Node* type = profile ? profile->get("type") : nullptr;
    const std::string_view t = type ? type->text() : std::string_view{};
    if (t == "RuntimeDefault" || t == "Localhost") continue;
    if (!type && legacy &&
        (*legacy == "runtime/default" || *legacy == "docker/default" || legacy->starts_with("localhost/")))
      continue;
    // Baseline reports Unconfined itself; only the unset case is left to say there.
    if (t == "Unconfined" && pss_reports(context, PssLevel::Baseline)) continue;
    // Appended, not formatted: most pods in the wild set no profile, and formatting the message
    // cost as much as the rest of the check.
    constexpr std::string_view kUnset = " has no seccomp profile: set seccompProfile.type=RuntimeDefault";
    constexpr std::string_view kRunsWith = " runs with seccompProfile.type=";
    const std::string who = describe(c);
    std::string message;
    message.reserve(who.size() + (t.empty() ? kUnset.size() : kRunsWith.size() + t.size()));
    message += who;
    if (t.empty()) {
      message += kUnset;
    } else {
      message += kRunsWith;
      message += t;
    }
    sink.add(kSeccompProfile, object, type ? type : &c.node(),
             c.field_path("securityContext.seccompProfile.type"), std::move(message));
  }
}

extern const RuleMeta kPrivilegedContainer{
    .id = "BW-workload-privileged-container",
    .severity = Severity::Critical,
    .family = Family::Workload,
    .title = "Privileged container",
    .why =
        "A privileged container sees every device of the node and can mount its disks, load kernel modules "
        "and turn off the protections that separate it from the host. One compromised process becomes "
        "root on the node and on every pod scheduled there. (Reported only in namespaces at the privileged "
        "Pod Security level: baseline and restricted report it themselves.)",
    .fix = "securityContext:\n  privileged: false",
    .references = kRefsCapabilities,
};

void check_privileged_container(const k8s::Object& object, const CheckContext& context, FindingSink& sink) {
  if (pss_reports(context, PssLevel::Baseline)) return;
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return;
  for (const auto& c : pod->every_container()) {
    const doc::Node* v = c.security_field(k8s::SecurityField::Privileged);
    if (is_true(v))
      sink.add(kPrivilegedContainer, object, v, c.field_path("securityContext.privileged"),
               fmt::format("{} sets securityContext.privileged=true", describe(c)));
  }
}

extern const RuleMeta kLowUserId{
    .id = "BW-workload-low-user-id",
    .severity = Severity::Low,
    .family = Family::Workload,
    .title = "Container user id may collide with a host user",
    .why =
        "User ids below 10000 are used by system accounts on most hosts. If the container escapes, or "
        "shares a hostPath volume, it acts as that host user and can read or change its files. A high, "
        "dedicated uid keeps the container's identity apart from anything on the node.",
    .fix = "securityContext:\n  runAsUser: 10001\n  runAsGroup: 10001",
    .references = kRefsNonRoot,
    .enabled_by_default = false,
};

void check_low_user_id(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return;
  std::vector<const doc::Node*> reported;
  for (const auto& c : pod->workload_container_views()) {
    const doc::Node* v = effective_security_field(*pod, c, k8s::SecurityField::RunAsUser);
    const auto uid = v ? v->as_int() : std::nullopt;
    if (!uid || *uid <= 0 || *uid >= 10000 ||
        std::find(reported.begin(), reported.end(), v) != reported.end())
      continue;
    reported.push_back(v);
    sink.add(kLowUserId, object, v, c.field_path("securityContext.runAsUser"),
             fmt::format("{} runs as uid {} (below 10000)", describe(c), *uid));
  }
}

extern const RuleMeta kHostUsers{
    .id = "BW-workload-host-users",
    .severity = Severity::Low,
    .family = Family::Workload,
    .title = "Pod does not use a user namespace",
    .why =
        "With hostUsers: false the pod gets its own user namespace: root inside maps to an unprivileged uid "
        "on the node, so most container escapes land without privileges. Without it, uid 0 in the "
        "container is uid 0 on the host.",
    .fix = "spec:\n  hostUsers: false",
    .references = kRefsUserNs,
    .enabled_by_default = false,
};

void check_host_users(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return;
  const doc::Node* v = pod->get("hostUsers");
  if (v && v->as_bool() == false) return;
  sink.add(kHostUsers, object, v ? v : &pod->spec(), pod->field_path("hostUsers"),
           "the pod shares the node's user namespace: set hostUsers: false");
}

}  // namespace bulwark::rules::workload
