// Ports and pod settings outside the security context.
#include <fmt/format.h>

#include "rules/citations/citations.h"
#include "rules/workload/pod_rule_support.h"
#include "rules/workload/workload_rules.h"

namespace bulwark::rules::workload {
namespace {
using namespace citations;

constexpr Reference kRefsPorts[] = {kNsa, kSecurityContext};
constexpr Reference kRefsSsh[] = {kNsa, kMitreExposedService, kMitreLateralMovement};
constexpr Reference kRefsServiceAccount[] = {kServiceAccounts};
constexpr Reference kRefsSecretEnv[] = {kSecretsGoodPractices, kCisSecrets, kMitreUnsecuredCredentials};

template <typename Fn>
void for_each_container_port(const k8s::Object& object, Fn&& fn) {
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return;
  for (const auto& c : pod->every_container()) {
    const doc::Node* ports = c.field(k8s::ContainerField::Ports);
    if (!ports || !ports->is_sequence()) continue;
    std::size_t i = 0;
    for (const doc::Node* p : ports->items()) {
      if (const doc::Node* cp = p->get("containerPort"); cp && cp->as_int()) fn(c, *p, *cp, *cp->as_int(), i);
      ++i;
    }
  }
}

}  // namespace

extern const RuleMeta kPrivilegedPort{
    .id = "BW-workload-privileged-port",
    .severity = Severity::Low,
    .family = Family::Workload,
    .title = "Container listens on a privileged port (below 1024)",
    .why =
        "Binding a port below 1024 needs root or the NET_BIND_SERVICE capability, so an image that listens "
        "on "
        "80 or 443 is usually built to run as root. Listening on 8080/8443 and mapping the port in the "
        "Service lets the container run unprivileged.",
    .fix = "ports:\n  - containerPort: 8080\n# Service: port: 80, targetPort: 8080",
    .references = kRefsPorts,
};
void check_privileged_port(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  for_each_container_port(object, [&](const k8s::ContainerView& c, const doc::Node&, const doc::Node& port,
                                      int64_t number, std::size_t i) {
    if (number <= 0 || number >= 1024 || number == 22) return;
    sink.add(kPrivilegedPort, object, &port, c.field_path(fmt::format("ports[{}].containerPort", i)),
             fmt::format("{} listens on privileged port {}", describe(c), number));
  });
}

extern const RuleMeta kSshPort{
    .id = "BW-workload-ssh-port",
    .severity = Severity::Medium,
    .family = Family::Workload,
    .title = "Container exposes SSH (port 22)",
    .why =
        "An SSH server in a container is a second way in that bypasses Kubernetes authentication, RBAC and "
        "audit logging, and its keys or passwords usually live in the image. Use kubectl exec (audited, "
        "RBAC-controlled) or ephemeral debug containers instead.",
    .fix = "# remove the SSH server and port 22; debug with:\n# kubectl debug -it <pod> --image=busybox",
    .references = kRefsSsh,
};
void check_ssh_port(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  for_each_container_port(object, [&](const k8s::ContainerView& c, const doc::Node&, const doc::Node& port,
                                      int64_t number, std::size_t i) {
    if (number != 22) return;
    sink.add(kSshPort, object, &port, c.field_path(fmt::format("ports[{}].containerPort", i)),
             fmt::format("{} exposes port 22 (SSH)", describe(c)));
  });
}

extern const RuleMeta kDeprecatedServiceAccountField{
    .id = "BW-workload-deprecated-service-account-field",
    .severity = Severity::Low,
    .family = Family::Workload,
    .title = "Pod uses the deprecated serviceAccount field",
    .why =
        "spec.serviceAccount is a deprecated alias of serviceAccountName. When both are set and differ, "
        "reviewers read one while the API server uses the other, so the pod may run with a more "
        "privileged identity than the manifest appears to give it.",
    .fix = "spec:\n  serviceAccountName: app",
    .references = kRefsServiceAccount,
};
void check_deprecated_service_account_field(const k8s::Object& object, const CheckContext&,
                                            FindingSink& sink) {
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return;
  const doc::Node* v = pod->get("serviceAccount");
  if (!v || v->is_null() || v->text().empty()) return;
  sink.add(kDeprecatedServiceAccountField, object, v, pod->field_path("serviceAccount"),
           fmt::format("the pod sets the deprecated serviceAccount: {}; use serviceAccountName", v->text()));
}

extern const RuleMeta kSecretEnvReference{
    .id = "BW-workload-secret-env-reference",
    .severity = Severity::Low,
    .family = Family::Workload,
    .title = "Secret passed to a container as an environment variable",
    .why =
        "Environment variables leak: they appear in crash dumps, debug endpoints, `kubectl describe`-style "
        "tooling, child processes and error reports. A Secret mounted as a file with tight permissions is "
        "read only by the code that opens it, and it updates in place when rotated.",
    .fix =
        "volumes:\n  - name: db\n    secret:\n      secretName: db\n      defaultMode: 0400\n"
        "# container:\nvolumeMounts:\n  - name: db\n    mountPath: /var/run/secrets/db\n    readOnly: true",
    .references = kRefsSecretEnv,
    .enabled_by_default = false,
};
void check_secret_env_reference(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return;
  for (const auto& c : pod->every_container()) {
    if (const doc::Node* env = c.field(k8s::ContainerField::Env); env && env->is_sequence()) {
      std::size_t i = 0;
      for (const doc::Node* e : env->items()) {
        if (const doc::Node* ref = e->find("valueFrom.secretKeyRef"))
          sink.add(kSecretEnvReference, object, ref,
                   c.field_path(fmt::format("env[{}].valueFrom.secretKeyRef", i)),
                   fmt::format("{} reads a Secret into environment variable {}", describe(c),
                               e->get("name") ? e->get("name")->text() : std::string_view{}));
        ++i;
      }
    }
    if (const doc::Node* env_from = c.field(k8s::ContainerField::EnvFrom);
        env_from && env_from->is_sequence()) {
      std::size_t i = 0;
      for (const doc::Node* e : env_from->items()) {
        if (const doc::Node* ref = e->get("secretRef"))
          sink.add(kSecretEnvReference, object, ref, c.field_path(fmt::format("envFrom[{}].secretRef", i)),
                   fmt::format("{} loads a whole Secret into its environment", describe(c)));
        ++i;
      }
    }
  }
}

}  // namespace bulwark::rules::workload
