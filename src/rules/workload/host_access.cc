// Access to the node: host namespaces, hostPath volumes, host ports. The Pod Security Standards
// baseline forbids all of these, so these rules speak only at the privileged level, where they
// single out the settings that hand over the node outright.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "rules/citations/citations.h"
#include "rules/workload/pod_rule_support.h"
#include "rules/workload/workload_rules.h"

namespace bulwark::rules::workload {
namespace {
using namespace citations;

constexpr Reference kRefsHost[] = {kPss, kNsa, kCisPolicies, kMitreEscapeToHost};
constexpr Reference kRefsSocket[] = {kPss, kNsa, kMitreEscapeToHost, kMitreDeployContainer};
constexpr Reference kRefsNetwork[] = {kPss, kNsa, kCisPolicies, kMitreAdversaryInTheMiddle};

bool is_true(const doc::Node* n) {
  return n && n->as_bool() == true;
}

void check_pod_flag(const k8s::Object& object, const CheckContext& context, FindingSink& sink,
                    const RuleMeta& meta, std::string_view field, std::string_view what) {
  if (pss_reports(context, PssLevel::Baseline)) return;
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return;
  const doc::Node* v = pod->get(field);
  if (is_true(v))
    sink.add(meta, object, v, pod->field_path(field), fmt::format("the pod sets {}: true ({})", field, what));
}

std::string normalise(std::string_view path) {
  std::string p(path);
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p;
}

bool is_runtime_socket(std::string_view path) {
  static constexpr std::array<std::string_view, 14> kSockets{"/var/run/docker.sock",
                                                             "/run/docker.sock",
                                                             "/var/run/containerd/containerd.sock",
                                                             "/run/containerd/containerd.sock",
                                                             "/var/run/crio/crio.sock",
                                                             "/run/crio/crio.sock",
                                                             "/var/run/cri-dockerd.sock",
                                                             "/run/cri-dockerd.sock",
                                                             "/var/run",
                                                             "/run",
                                                             "/var/run/docker",
                                                             "/run/containerd",
                                                             "/var/run/containerd",
                                                             "/var/run/crio"};
  const std::string p = normalise(path);
  for (std::string_view s : kSockets)
    if (p == s) return true;
  return false;
}

bool is_sensitive_host_path(std::string_view path) {
  const std::string p = normalise(path);
  static constexpr std::array<std::string_view, 5> kExact{"/", "/dev", "/home", "/var", "/var/lib"};
  static constexpr std::array<std::string_view, 9> kTrees{"/etc",
                                                          "/proc",
                                                          "/sys",
                                                          "/root",
                                                          "/boot",
                                                          "/var/lib/kubelet",
                                                          "/var/lib/docker",
                                                          "/var/lib/containerd",
                                                          "/etc/kubernetes"};
  for (std::string_view s : kExact)
    if (p == s) return true;
  for (std::string_view s : kTrees)
    if (p == s || p.starts_with(std::string(s) + "/")) return true;
  return false;
}

// Every hostPath volume of the pod: (volume index, volume node, path node).
template <typename Fn>
void for_each_host_path(const k8s::PodSpecView& pod, Fn&& fn) {
  const doc::Node* volumes = pod.get("volumes");
  if (!volumes || !volumes->is_sequence()) return;
  std::size_t i = 0;
  for (const doc::Node* v : volumes->items()) {
    const doc::Node* path = v->find("hostPath.path");
    if (path && path->as_string()) fn(i, *v, *path);
    ++i;
  }
}

}  // namespace

extern const RuleMeta kHostNetwork{
    .id = "BW-workload-host-network",
    .severity = Severity::High,
    .family = Family::Workload,
    .title = "Pod uses the node's network namespace",
    .why =
        "With hostNetwork the pod sees every network interface of the node: it can sniff other pods' "
        "traffic, "
        "reach services bound to localhost on the node (the kubelet, cloud metadata endpoints) and bypass "
        "every NetworkPolicy. (Reported only at the privileged Pod Security level; baseline reports it.)",
    .fix = "spec:\n  hostNetwork: false",
    .references = kRefsNetwork,
};
void check_host_network(const k8s::Object& o, const CheckContext& ctx, FindingSink& s) {
  check_pod_flag(o, ctx, s, kHostNetwork, "hostNetwork", "it shares the node's network namespace");
}

extern const RuleMeta kHostPid{
    .id = "BW-workload-host-pid",
    .severity = Severity::High,
    .family = Family::Workload,
    .title = "Pod uses the node's process namespace",
    .why =
        "With hostPID the pod sees every process on the node, including other pods' and the kubelet's. It "
        "can "
        "read their environment variables (secrets), and with ptrace or root it can inject code into them. "
        "(Reported only at the privileged Pod Security level; baseline reports it.)",
    .fix = "spec:\n  hostPID: false",
    .references = kRefsHost,
};
void check_host_pid(const k8s::Object& o, const CheckContext& ctx, FindingSink& s) {
  check_pod_flag(o, ctx, s, kHostPid, "hostPID", "it shares the node's process namespace");
}

extern const RuleMeta kHostIpc{
    .id = "BW-workload-host-ipc",
    .severity = Severity::High,
    .family = Family::Workload,
    .title = "Pod uses the node's IPC namespace",
    .why =
        "With hostIPC the pod shares System V shared memory and semaphores with every process on the node. "
        "It can read or corrupt data other workloads keep there. (Reported only at the privileged Pod "
        "Security level; baseline reports it.)",
    .fix = "spec:\n  hostIPC: false",
    .references = kRefsHost,
};
void check_host_ipc(const k8s::Object& o, const CheckContext& ctx, FindingSink& s) {
  check_pod_flag(o, ctx, s, kHostIpc, "hostIPC", "it shares the node's IPC namespace");
}

extern const RuleMeta kContainerRuntimeSocket{
    .id = "BW-workload-container-runtime-socket",
    .severity = Severity::Critical,
    .family = Family::Workload,
    .title = "Pod mounts the container runtime socket",
    .why =
        "Whoever can talk to the Docker, containerd or CRI-O socket can start a privileged container with "
        "the "
        "node's root filesystem mounted: it is root on the node, with no Kubernetes control in the way. A "
        "compromised process in this pod owns the node and every pod on it. (Reported only at the "
        "privileged Pod Security level; baseline forbids hostPath volumes.)",
    .fix =
        "# do not mount the runtime socket; build images with a rootless builder (BuildKit rootless, "
        "kaniko)\n"
        "volumes:\n  - name: cache\n    emptyDir: {}",
    .references = kRefsSocket,
};
void check_container_runtime_socket(const k8s::Object& object, const CheckContext& context,
                                    FindingSink& sink) {
  if (pss_reports(context, PssLevel::Baseline)) return;
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return;
  for_each_host_path(*pod, [&](std::size_t i, const doc::Node&, const doc::Node& path) {
    if (is_runtime_socket(path.text()))
      sink.add(kContainerRuntimeSocket, object, &path,
               pod->field_path(fmt::format("volumes[{}].hostPath.path", i)),
               fmt::format("hostPath volume mounts {}, the container runtime's socket", path.text()));
  });
}

extern const RuleMeta kSensitiveHostPath{
    .id = "BW-workload-sensitive-host-path",
    .severity = Severity::High,
    .family = Family::Workload,
    .title = "Pod mounts a sensitive node directory",
    .why =
        "Mounting /, /etc, /proc, /sys, /root, /var/lib/kubelet or similar node paths gives the pod the "
        "node's "
        "credentials (kubelet certificates, SSH keys, other pods' secrets under /var/lib/kubelet) and often "
        "a way to run code as root on the node, e.g. by writing to /etc/cron.d. (Reported only at the "
        "privileged Pod Security level; baseline forbids hostPath volumes.)",
    .fix =
        "# use a ConfigMap, Secret, emptyDir or PersistentVolumeClaim instead of a hostPath\nvolumes:\n"
        "  - name: data\n    persistentVolumeClaim:\n      claimName: data",
    .references = kRefsHost,
};
void check_sensitive_host_path(const k8s::Object& object, const CheckContext& context, FindingSink& sink) {
  if (pss_reports(context, PssLevel::Baseline)) return;
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return;
  for_each_host_path(*pod, [&](std::size_t i, const doc::Node&, const doc::Node& path) {
    if (is_sensitive_host_path(path.text()) && !is_runtime_socket(path.text()))
      sink.add(kSensitiveHostPath, object, &path,
               pod->field_path(fmt::format("volumes[{}].hostPath.path", i)),
               fmt::format("hostPath volume mounts the node's {}", path.text()));
  });
}

extern const RuleMeta kWritableHostPath{
    .id = "BW-workload-writable-host-path",
    .severity = Severity::Medium,
    .family = Family::Workload,
    .title = "Container mounts a hostPath volume read-write",
    .why =
        "A writable hostPath lets the container change files on the node. Attackers use it to plant symlinks "
        "the kubelet follows as root, fill the node's disk, or leave files that other pods or node services "
        "later execute. (Reported only at the privileged Pod Security level; baseline forbids hostPath.)",
    .fix = "volumeMounts:\n  - name: host-logs\n    mountPath: /var/log/host\n    readOnly: true",
    .references = kRefsHost,
};
void check_writable_host_path(const k8s::Object& object, const CheckContext& context, FindingSink& sink) {
  if (pss_reports(context, PssLevel::Baseline)) return;
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return;
  std::vector<std::string_view> host_volumes;
  for_each_host_path(*pod, [&](std::size_t, const doc::Node& volume, const doc::Node&) {
    if (const doc::Node* n = volume.get("name")) host_volumes.push_back(n->text());
  });
  if (host_volumes.empty()) return;
  for (const auto& c : pod->every_container()) {
    const doc::Node* mounts = c.field(k8s::ContainerField::VolumeMounts);
    if (!mounts || !mounts->is_sequence()) continue;
    std::size_t i = 0;
    for (const doc::Node* m : mounts->items()) {
      const doc::Node* name = m->get("name");
      const doc::Node* ro = m->get("readOnly");
      if (name && std::find(host_volumes.begin(), host_volumes.end(), name->text()) != host_volumes.end() &&
          !is_true(ro))
        sink.add(kWritableHostPath, object, m, c.field_path(fmt::format("volumeMounts[{}].readOnly", i)),
                 fmt::format("{} mounts hostPath volume \"{}\" without readOnly: true", describe(c),
                             name->text()));
      ++i;
    }
  }
}

extern const RuleMeta kHostPort{
    .id = "BW-workload-host-port",
    .severity = Severity::Medium,
    .family = Family::Workload,
    .title = "Container binds a port on the node",
    .why =
        "A hostPort opens the port on the node's own address, outside Services and NetworkPolicies, and "
        "can shadow a node service on the same port. It exposes the container to anyone who can reach the "
        "node. (Reported only at the privileged Pod Security level; baseline reports it.)",
    .fix = "ports:\n  - containerPort: 8080   # no hostPort; expose it through a Service",
    .references = kRefsNetwork,
};
void check_host_port(const k8s::Object& object, const CheckContext& context, FindingSink& sink) {
  if (pss_reports(context, PssLevel::Baseline)) return;
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return;
  for (const auto& c : pod->every_container()) {
    const doc::Node* ports = c.field(k8s::ContainerField::Ports);
    if (!ports || !ports->is_sequence()) continue;
    std::size_t i = 0;
    for (const doc::Node* p : ports->items()) {
      const doc::Node* hp = p->get("hostPort");
      if (hp && hp->as_int().value_or(0) != 0)
        sink.add(kHostPort, object, hp, c.field_path(fmt::format("ports[{}].hostPort", i)),
                 fmt::format("{} binds hostPort {}", describe(c), hp->text()));
      ++i;
    }
  }
}

extern const RuleMeta kShareProcessNamespace{
    .id = "BW-workload-share-process-namespace",
    .severity = Severity::Medium,
    .family = Family::Workload,
    .title = "Containers of the pod share one process namespace",
    .why =
        "With shareProcessNamespace every container in the pod sees the others' processes and can read their "
        "environment and files through /proc/<pid>/root. A compromised sidecar then reads the main "
        "container's secrets, and vice versa.",
    .fix = "spec:\n  shareProcessNamespace: false",
    .references = kRefsHost,
};
void check_share_process_namespace(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return;
  const doc::Node* v = pod->get("shareProcessNamespace");
  if (is_true(v))
    sink.add(kShareProcessNamespace, object, v, pod->field_path("shareProcessNamespace"),
             "the pod sets shareProcessNamespace: true");
}

}  // namespace bulwark::rules::workload
