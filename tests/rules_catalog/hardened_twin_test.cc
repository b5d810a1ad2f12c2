// The hardened set yields no finding; each insecure twin (the hardened set with one practice
// broken) yields exactly the findings listed, at the positions of the text each anchor names.
// An anchor is a piece of the twin's text with '|' where the finding must start.
#include <gtest/gtest.h>

// Table rows leave trailing members (level, only) at their defaults.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "catalog_run.h"
#include "hardened_set.h"
#include "rules/catalog.h"

namespace bulwark::rules::testing {
namespace {

struct Expected {
  std::string rule;
  std::string anchor;
};

struct Twin {
  std::string name;
  std::vector<std::pair<std::string, std::string>> replace;  // first occurrence of each
  std::string append;                                        // extra documents
  std::vector<Expected> expected;
  PssLevel level = PssLevel::Restricted;
  std::string only;  // run only this rule (for rules disabled by default)
};

std::string replace_first(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "twin text not found: " << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

doc::Position position_of(const std::string& text, const std::string& anchor) {
  const std::size_t bar = anchor.find('|');
  std::string needle = anchor;
  needle.erase(bar, 1);
  const std::size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << "anchor not found: " << anchor;
  if (at == std::string::npos) return {};
  const std::size_t target = at + bar;
  doc::Position p{1, 1};
  for (std::size_t i = 0; i < target; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

std::string twin_text(const Twin& t) {
  std::string text(kHardenedSet);
  for (const auto& [from, to] : t.replace) text = replace_first(text, from, to);
  if (!t.append.empty()) text += "---\n" + t.append;
  return text;
}

using Key = std::tuple<std::string, uint32_t, uint32_t>;

std::vector<Key> keys_of(const std::vector<Finding>& findings) {
  std::vector<Key> out;
  for (const Finding& f : findings)
    out.emplace_back(std::string(f.rule->id), f.location.range.begin.line, f.location.range.begin.column);
  std::sort(out.begin(), out.end());
  return out;
}

std::string describe(const std::vector<Key>& keys) {
  std::string out;
  for (const auto& [id, line, column] : keys)
    out += id + "@" + std::to_string(line) + ":" + std::to_string(column) + " ";
  return out;
}

const std::string kContainerWeb = "- |name: web\n          image";
const std::string kPodSpecWeb = "|serviceAccountName: web";
const std::string kRule0 =
    "  - apiGroups: [\"\"]\n    resources: [\"configmaps\"]\n    verbs: [\"get\", \"list\", \"watch\"]";
const std::string kWebVolume = "        - name: tmp\n          emptyDir: {}";

Twin role_twin(std::string rule_id, std::string groups, std::string resources, std::string verbs) {
  return Twin{
      rule_id,
      {{kRule0, "  - apiGroups: " + groups + "\n    resources: " + resources + "\n    verbs: " + verbs}},
      "",
      {{rule_id, "    resources: [|" + resources.substr(1)}}};
}

Twin privileged_level(Twin t) {
  t.level = PssLevel::Privileged;
  return t;
}
Twin baseline_level(Twin t) {
  t.level = PssLevel::Baseline;
  return t;
}

const char* kClusterAdminBinding = R"(apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ops-admin
subjects:
  - kind: Group
    name: ops
    apiGroup: rbac.authorization.k8s.io
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
)";

std::string binding_to(const std::string& subject_kind, const std::string& subject_name,
                       const std::string& role) {
  return "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: "
         "b\nsubjects:\n"
         "  - kind: " +
         subject_kind + "\n    name: " + subject_name +
         "\n    apiGroup: rbac.authorization.k8s.io\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n"
         "  kind: ClusterRole\n  name: " +
         role + "\n";
}

std::vector<Twin> twins() {
  std::vector<Twin> t = {
      // Workload hardening.
      {"readonly_root_fs",
       {{"readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false"}},
       "",
       {{"BW-workload-readonly-root-fs", "readOnlyRootFilesystem: |false"}}},
      {"run_as_root_group",
       {{"runAsGroup: 10001", "runAsGroup: 0"}},
       "",
       {{"BW-workload-run-as-root-group", "runAsGroup: |0"}}},
      {"fs_group_root",
       {{"fsGroup: 10001", "fsGroup: 0"}},
       "",
       {{"BW-workload-run-as-root-group", "fsGroup: |0"}}},
      baseline_level({"run_as_non_root",
                      {{"        runAsNonRoot: true\n        runAsUser: 10001\n", ""}},
                      "",
                      {{"BW-workload-run-as-non-root", kContainerWeb}}}),
      {"run_as_non_root_left_to_pss_restricted",
       {{"        runAsNonRoot: true\n        runAsUser: 10001\n", ""}},
       "",
       {}},
      baseline_level({"run_as_root_user",
                      {{"runAsUser: 10001", "runAsUser: 0"}},
                      "",
                      {{"BW-workload-run-as-root-user", "runAsUser: |0"}}}),
      baseline_level({"allow_privilege_escalation",
                      {{"allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true"}},
                      "",
                      {{"BW-workload-allow-privilege-escalation", "allowPrivilegeEscalation: |true"}}}),
      baseline_level({"drop_all_capabilities",
                      {{"drop: [\"ALL\"]", "drop: [\"NET_RAW\"]"}},
                      "",
                      {{"BW-workload-drop-all-capabilities", "drop: |[\"NET_RAW\"]"}}}),
      privileged_level(
          {"dangerous_capability",
           {{"drop: [\"ALL\"]", "drop: [\"ALL\"]\n              add: [\"SYS_ADMIN\", \"CHOWN\"]"}},
           "",
           {{"BW-workload-dangerous-capability", "add: [|\"SYS_ADMIN\""}}}),
      {"dangerous_capability_left_to_pss",
       {{"drop: [\"ALL\"]", "drop: [\"ALL\"]\n              add: [\"SYS_ADMIN\"]"}},
       "",
       {}},
      baseline_level({"seccomp_unset",
                      {{"        seccompProfile:\n          type: RuntimeDefault\n", ""}},
                      "",
                      {{"BW-workload-seccomp-profile", kContainerWeb}}}),
      privileged_level({"seccomp_unconfined",
                        {{"type: RuntimeDefault", "type: Unconfined"}},
                        "",
                        {{"BW-workload-seccomp-profile", "type: |Unconfined"}}}),
      baseline_level({"seccomp_unconfined_left_to_pss_baseline",
                      {{"type: RuntimeDefault", "type: Unconfined"}},
                      "",
                      {}}),
      privileged_level({"privileged_container",
                        {{"allowPrivilegeEscalation: false\n",
                          "allowPrivilegeEscalation: false\n            privileged: true\n"}},
                        "",
                        {{"BW-workload-privileged-container", "privileged: |true"}}}),
      {"low_user_id",
       {{"runAsUser: 10001", "runAsUser: 1000"}},
       "",
       {{"BW-workload-low-user-id", "runAsUser: |1000"}},
       PssLevel::Restricted,
       "BW-workload-low-user-id"},
      {"host_users",
       {},
       "",
       {{"BW-workload-host-users", kPodSpecWeb}, {"BW-workload-host-users", "|serviceAccountName: worker"}},
       PssLevel::Restricted,
       "BW-workload-host-users"},
      privileged_level(
          {"host_network",
           {{"      serviceAccountName: web\n", "      serviceAccountName: web\n      hostNetwork: true\n"}},
           "",
           {{"BW-workload-host-network", "hostNetwork: |true"}}}),
      privileged_level(
          {"host_pid",
           {{"      serviceAccountName: web\n", "      serviceAccountName: web\n      hostPID: true\n"}},
           "",
           {{"BW-workload-host-pid", "hostPID: |true"}}}),
      privileged_level(
          {"host_ipc",
           {{"      serviceAccountName: web\n", "      serviceAccountName: web\n      hostIPC: true\n"}},
           "",
           {{"BW-workload-host-ipc", "hostIPC: |true"}}}),
      {"host_network_left_to_pss",
       {{"      serviceAccountName: web\n", "      serviceAccountName: web\n      hostNetwork: true\n"}},
       "",
       {}},
      privileged_level(
          {"container_runtime_socket",
           {{kWebVolume, "        - name: tmp\n          hostPath:\n            path: /var/run/docker.sock"}},
           "",
           {{"BW-workload-container-runtime-socket", "path: |/var/run/docker.sock"},
            {"BW-workload-writable-host-path", "- |name: tmp\n              mountPath"}}}),
      privileged_level(
          {"sensitive_host_path",
           {{kWebVolume, "        - name: tmp\n          hostPath:\n            path: /etc/kubernetes/pki"}},
           "",
           {{"BW-workload-sensitive-host-path", "path: |/etc/kubernetes/pki"},
            {"BW-workload-writable-host-path", "- |name: tmp\n              mountPath"}}}),
      privileged_level(
          {"writable_host_path",
           {{kWebVolume, "        - name: tmp\n          hostPath:\n            path: /var/log/shop"}},
           "",
           {{"BW-workload-writable-host-path", "- |name: tmp\n              mountPath"}}}),
      privileged_level(
          {"read_only_host_path_is_fine",
           {{kWebVolume, "        - name: tmp\n          hostPath:\n            path: /var/log/shop"},
            {"mountPath: /tmp", "mountPath: /tmp\n              readOnly: true"}},
           "",
           {}}),
      privileged_level({"host_port",
                        {{"- containerPort: 8080", "- containerPort: 8080\n              hostPort: 8080"}},
                        "",
                        {{"BW-workload-host-port", "hostPort: |8080"}}}),
      {"share_process_namespace",
       {{"      serviceAccountName: web\n",
         "      serviceAccountName: web\n      shareProcessNamespace: true\n"}},
       "",
       {{"BW-workload-share-process-namespace", "shareProcessNamespace: |true"}}},
      {"privileged_port",
       {{"containerPort: 8080", "containerPort: 80"}},
       "",
       {{"BW-workload-privileged-port", "containerPort: |80"}}},
      {"ssh_port",
       {{"containerPort: 8080", "containerPort: 22"}},
       "",
       {{"BW-workload-ssh-port", "containerPort: |22"}}},
      {"memory_limit",
       {{"              memory: 256Mi\n", ""}},
       "",
       {{"BW-workload-memory-limit", "|cpu: 500m"}}},
      {"cpu_limit", {{"              cpu: 500m\n", ""}}, "", {{"BW-workload-cpu-limit", "|memory: 256Mi"}}},
      {"memory_request",
       {{"              memory: 128Mi\n", ""}, {"              memory: 256Mi\n", ""}},
       "",
       {{"BW-workload-memory-request", "|cpu: 100m"}, {"BW-workload-memory-limit", "|cpu: 500m"}}},
      {"request_defaults_to_limit", {{"              memory: 128Mi\n", ""}}, "", {}},
      {"cpu_request",
       {{"              cpu: 100m\n", ""}, {"              cpu: 500m\n", ""}},
       "",
       {{"BW-workload-cpu-request", "|memory: 128Mi"}, {"BW-workload-cpu-limit", "|memory: 256Mi"}}},
      {"ephemeral_storage_limit",
       {},
       "",
       {{"BW-workload-ephemeral-storage-limit", "|cpu: 500m"},
        {"BW-workload-ephemeral-storage-limit", "|cpu: 200m"}},
       PssLevel::Restricted,
       "BW-workload-ephemeral-storage-limit"},
      {"liveness_probe",
       {{"          livenessProbe:\n            httpGet:\n              path: /healthz\n              port: "
         "8080\n",
         ""}},
       "",
       {{"BW-workload-liveness-probe", kContainerWeb}}},
      {"readiness_probe",
       {{"          readinessProbe:\n            httpGet:\n              path: /ready\n              port: "
         "8080\n",
         ""}},
       "",
       {{"BW-workload-readiness-probe", kContainerWeb}}},
      {"image_latest",
       {{"registry.example.com/shop/"
         "web:1.4.2@sha256:4d3cea27d26934b484e73cf575dcad6ba2b0aee04d3cea27d26934b484e73cf5",
         "registry.example.com:5000/shop/web"}},
       "",
       {{"BW-workload-image-latest-tag", "image: |registry.example.com:5000/shop/web"},
        {"BW-workload-image-digest", "image: |registry.example.com:5000/shop/web"}}},
      {"image_digest",
       {{"registry.example.com/shop/"
         "web:1.4.2@sha256:4d3cea27d26934b484e73cf575dcad6ba2b0aee04d3cea27d26934b484e73cf5",
         "registry.example.com/shop/web:1.4.2"}},
       "",
       {{"BW-workload-image-digest", "image: |registry.example.com/shop/web:1.4.2"}}},
      {"image_pull_policy",
       {{"registry.example.com/shop/"
         "web:1.4.2@sha256:4d3cea27d26934b484e73cf575dcad6ba2b0aee04d3cea27d26934b484e73cf5",
         "registry.example.com/shop/web:latest\n          imagePullPolicy: IfNotPresent"}},
       "",
       {{"BW-workload-image-latest-tag", "image: |registry.example.com/shop/web:latest"},
        {"BW-workload-image-digest", "image: |registry.example.com/shop/web:latest"},
        {"BW-workload-image-pull-policy", "imagePullPolicy: |IfNotPresent"}}},
      {"versioned_tag_if_not_present_is_the_digest_rules_business",
       {{"registry.example.com/shop/"
         "web:1.4.2@sha256:4d3cea27d26934b484e73cf575dcad6ba2b0aee04d3cea27d26934b484e73cf5",
         "registry.example.com/shop/web:1.4.2\n          imagePullPolicy: IfNotPresent"}},
       "",
       {{"BW-workload-image-digest", "image: |registry.example.com/shop/web:1.4.2"}}},
      {"deprecated_service_account_field",
       {{"      serviceAccountName: web\n", "      serviceAccountName: web\n      serviceAccount: web\n"}},
       "",
       {{"BW-workload-deprecated-service-account-field", "serviceAccount: |web\n"}}},
      {"secret_env_reference",
       {},
       "",
       {{"BW-workload-secret-env-reference", "|name: db\n"}},
       PssLevel::Restricted,
       "BW-workload-secret-env-reference"},

      // Service accounts and namespaces.
      {"default_service_account",
       {{"      serviceAccountName: web\n", ""}},
       "",
       {{"BW-sa-default-service-account", "|automountServiceAccountToken: false\n      securityContext"}}},
      {"default_service_account_automount",
       {{"  name: default\n  namespace: shop\nautomountServiceAccountToken: false\n",
         "  name: default\n  namespace: shop\n"}},
       "",
       {{"BW-sa-default-automount", "|name: default\n"}}},
      {"default_namespace",
       {{"  name: web-config\n  namespace: shop", "  name: web-config\n  namespace: default"}},
       "",
       {{"BW-ns-default-namespace", "namespace: |default"}}},
      {"legacy_token_secret",
       {},
       "apiVersion: v1\nkind: Secret\nmetadata:\n  name: deployer-token\n  namespace: shop\n"
       "  annotations:\n    kubernetes.io/service-account.name: deployer\ntype: "
       "kubernetes.io/service-account-token\n",
       {{"BW-sa-legacy-token-secret", "type: |kubernetes.io/service-account-token"}}},
      {"automount_token",
       {{"  name: web\n  namespace: shop\nautomountServiceAccountToken: false\n",
         "  name: web\n  namespace: shop\n"},
        {"      serviceAccountName: web\n      automountServiceAccountToken: false\n",
         "      serviceAccountName: web\n"}},
       "",
       {{"BW-sa-automount-token", kPodSpecWeb}}},
      {"automount_needed_by_bound_account",
       {{"  name: deployer\n  namespace: shop\n", "  name: deployer\n  namespace: shop\n"},
        {"      serviceAccountName: worker\n      automountServiceAccountToken: false\n",
         "      serviceAccountName: deployer\n"}},
       "",
       {}},
      {"shared_service_account",
       {{"      serviceAccountName: worker\n", "      serviceAccountName: web\n"}},
       "",
       {{"BW-sa-shared-service-account",
         "serviceAccountName: |web\n      automountServiceAccountToken: false\n      "
         "securityContext:\n        runAsNonRoot: true\n        runAsUser: 10002"}}},
      {"missing_service_account",
       {{"      serviceAccountName: worker\n", "      serviceAccountName: ghost\n"}},
       "",
       {{"BW-sa-missing-service-account", "serviceAccountName: |ghost"}}},

      // RBAC: Role rules.
      {"wildcard_verbs",
       {{"verbs: [\"get\", \"list\", \"watch\"]", "verbs: [\"*\"]"}},
       "",
       {{"BW-rbac-wildcard-verbs", "verbs: |[\"*\"]"}}},
      {"wildcard_resources",
       {{"resources: [\"configmaps\"]\n    verbs", "resources: [\"*\"]\n    verbs"}},
       "",
       {{"BW-rbac-wildcard-resources", "resources: |[\"*\"]"}}},
      {"wildcard_api_groups",
       {{"  - apiGroups: [\"\"]\n    resources: [\"configmaps\"]",
         "  - apiGroups: [\"*\"]\n    resources: [\"configmaps\"]"}},
       "",
       {{"BW-rbac-wildcard-api-groups", "apiGroups: |[\"*\"]\n    resources: [\"configmaps\"]"}}},
      role_twin("BW-rbac-secrets-read", "[\"\"]", "[\"secrets\"]", "[\"list\"]"),
      role_twin("BW-rbac-pod-exec", "[\"\"]", "[\"pods/exec\"]", "[\"create\"]"),
      role_twin("BW-rbac-pod-portforward", "[\"\"]", "[\"pods/portforward\"]", "[\"create\"]"),
      role_twin("BW-rbac-create-pods", "[\"\"]", "[\"pods\"]", "[\"create\"]"),
      role_twin("BW-rbac-create-workloads", "[\"apps\"]", "[\"deployments\"]", "[\"patch\"]"),
      role_twin("BW-rbac-escalate", "[\"rbac.authorization.k8s.io\"]", "[\"clusterroles\"]",
                "[\"escalate\"]"),
      role_twin("BW-rbac-bind", "[\"rbac.authorization.k8s.io\"]", "[\"roles\"]", "[\"bind\"]"),
      role_twin("BW-rbac-impersonate", "[\"\"]", "[\"groups\"]", "[\"impersonate\"]"),
      role_twin("BW-rbac-nodes-proxy", "[\"\"]", "[\"nodes/proxy\"]", "[\"get\"]"),
      role_twin("BW-rbac-serviceaccount-token", "[\"\"]", "[\"serviceaccounts/token\"]", "[\"create\"]"),
      role_twin("BW-rbac-csr-approve", "[\"certificates.k8s.io\"]",
                "[\"certificatesigningrequests/approval\"]", "[\"update\"]"),
      role_twin("BW-rbac-webhook-config", "[\"admissionregistration.k8s.io\"]",
                "[\"mutatingwebhookconfigurations\"]", "[\"create\"]"),
      role_twin("BW-rbac-persistent-volume-create", "[\"\"]", "[\"persistentvolumes\"]", "[\"create\"]"),
      role_twin("BW-rbac-delete-events", "[\"events.k8s.io\"]", "[\"events\"]", "[\"delete\"]"),
      role_twin("BW-rbac-manage-rbac", "[\"rbac.authorization.k8s.io\"]", "[\"rolebindings\"]",
                "[\"create\"]"),
      role_twin("BW-rbac-ephemeral-containers", "[\"\"]", "[\"pods/ephemeralcontainers\"]", "[\"patch\"]"),
      {"secrets_get_by_name_is_narrow",
       {{kRule0,
         "  - apiGroups: [\"\"]\n    resources: [\"secrets\"]\n    resourceNames: [\"db\"]\n    verbs: "
         "[\"get\"]"}},
       "",
       {}},
      {"subresource_wildcard",
       {{kRule0, "  - apiGroups: [\"\"]\n    resources: [\"pods/*\"]\n    verbs: [\"create\"]"}},
       "",
       {{"BW-rbac-pod-exec", "resources: [|\"pods/*\"]"},
        {"BW-rbac-pod-portforward", "resources: [|\"pods/*\"]"}}},

      // RBAC: bindings across the scan.
      {"cluster_admin_binding",
       {},
       kClusterAdminBinding,
       {{"BW-rbac-cluster-admin-binding", "- |kind: Group\n    name: ops"}}},
      {"anonymous_binding",
       {},
       binding_to("Group", "system:unauthenticated", "view"),
       {{"BW-rbac-anonymous-binding", "- |kind: Group\n    name: system:unauthenticated"}}},
      {"authenticated_binding",
       {},
       binding_to("Group", "system:authenticated", "view"),
       {{"BW-rbac-authenticated-binding", "- |kind: Group\n    name: system:authenticated"}}},
      {"authenticated_discovery_is_fine",
       {},
       binding_to("Group", "system:authenticated", "system:discovery"),
       {}},
      {"anonymous_cluster_admin",
       {},
       binding_to("User", "system:anonymous", "cluster-admin"),
       {{"BW-rbac-anonymous-binding", "- |kind: User"}, {"BW-rbac-cluster-admin-binding", "- |kind: User"}}},
      {"default_service_account_binding",
       {{"    name: deployer\n    namespace: shop\nroleRef",
         "    name: default\n    namespace: shop\nroleRef"}},
       "",
       {{"BW-rbac-default-service-account-binding", "- |kind: ServiceAccount\n    name: default"}}},
      {"workload_powerful_service_account",
       {{"resources: [\"configmaps\"]\n    verbs: [\"get\", \"list\", \"watch\"]",
         "resources: [\"secrets\"]\n    verbs: [\"list\"]"},
        {"    name: deployer\n    namespace: shop\nroleRef", "    name: web\n    namespace: shop\nroleRef"}},
       "",
       {{"BW-rbac-secrets-read", "resources: [|\"secrets\"]"},
        {"BW-rbac-workload-powerful-service-account", "serviceAccountName: |web"}}},
      {"aggregated_cluster_role",
       {},
       "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: shop-aggregate\n"
       "aggregationRule:\n  clusterRoleSelectors:\n    - matchExpressions:\n        - key: "
       "shop.example.com/aggregate\n"
       "          operator: Exists\nrules: []\n---\n"
       "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: shop-exec\n  "
       "labels:\n"
       "    shop.example.com/aggregate: \"true\"\nrules:\n  - apiGroups: [\"\"]\n    resources: "
       "[\"pods/exec\"]\n"
       "    verbs: [\"create\"]\n---\n"
       "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: "
       "worker-aggregate\n"
       "subjects:\n  - kind: ServiceAccount\n    name: worker\n    namespace: shop\nroleRef:\n"
       "  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: shop-aggregate\n",
       {{"BW-rbac-pod-exec", "resources: [|\"pods/exec\"]"},
        {"BW-rbac-workload-powerful-service-account", "serviceAccountName: |worker"}}},

      // Network policy.
      {"default_deny_ingress",
       {{"  podSelector: {}\n  policyTypes: [\"Ingress\", \"Egress\"]",
         "  podSelector: {}\n  policyTypes: [\"Egress\"]"}},
       "",
       {{"BW-net-default-deny-ingress", "|name: shop\n  labels"}}},
      {"default_deny_egress",
       {{"  podSelector: {}\n  policyTypes: [\"Ingress\", \"Egress\"]",
         "  podSelector: {}\n  policyTypes: [\"Ingress\"]"}},
       "",
       {{"BW-net-default-deny-egress", "|name: shop\n  labels"}}},
      {"workload_not_selected",
       {{"  podSelector: {}\n  policyTypes", "  podSelector: {matchLabels: {app: web}}\n  policyTypes"}},
       "",
       {{"BW-net-default-deny-ingress", "|name: shop\n  labels"},
        {"BW-net-default-deny-egress", "|name: shop\n  labels"},
        {"BW-net-workload-not-selected", "|app: worker\n    spec"}}},
      {"policy_selects_nothing",
       {{"      app: web\n    matchExpressions", "      app: wbe\n    matchExpressions"}},
       "",
       {{"BW-net-policy-selects-nothing", "|matchLabels:\n      app: wbe"}}},
      {"policy_selects_nothing_notin",
       {{"operator: In\n        values: [\"frontend\"]", "operator: NotIn\n        values: [\"frontend\"]"}},
       "",
       {{"BW-net-policy-selects-nothing", "|matchLabels:\n      app: web\n    matchExpressions"}}},
      {"policy_selects_with_does_not_exist",
       {{"operator: In\n        values: [\"frontend\"]", "operator: DoesNotExist"},
        {"      - key: tier\n", "      - key: canary\n"}},
       "",
       {}},
      {"allow_all_ingress",
       {{"  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              "
         "kubernetes.io/metadata.name: ingress\n      ports:\n        - port: 8080\n",
         "  ingress:\n    - {}\n"}},
       "",
       {{"BW-net-allow-all-ingress", "    - |{}\n  egress"}}},
      {"allow_all_egress",
       {{"    - to:\n        - podSelector:\n            matchLabels:\n              app: db\n      ports:\n "
         "       - port: 5432\n",
         "    - to:\n        - ipBlock:\n            cidr: 0.0.0.0/0\n"}},
       "",
       {{"BW-net-allow-all-egress", "    - |to:\n        - ipBlock"}}},
      {"egress_to_internet_on_https_is_deliberate",
       {{"    - to:\n        - podSelector:\n            matchLabels:\n              app: db\n      ports:\n "
         "       - port: 5432\n",
         "    - to:\n        - ipBlock:\n            cidr: 0.0.0.0/0\n      ports:\n        - port: 443\n"}},
       "",
       {}},
      {"nodeport_service",
       {{"spec:\n  selector:\n    app: web", "spec:\n  type: NodePort\n  selector:\n    app: web"}},
       "",
       {{"BW-net-nodeport-service", "type: |NodePort"}}},
      {"loadbalancer_service",
       {{"spec:\n  selector:\n    app: web", "spec:\n  type: LoadBalancer\n  selector:\n    app: web"}},
       "",
       {{"BW-net-loadbalancer-service", "type: |LoadBalancer"}}},
      {"loadbalancer_with_source_ranges",
       {{"spec:\n  selector:\n    app: web",
         "spec:\n  type: LoadBalancer\n  loadBalancerSourceRanges: [\"203.0.113.0/24\"]\n  selector:\n    "
         "app: web"}},
       "",
       {}},
      {"service_external_ips",
       {{"spec:\n  selector:\n    app: web",
         "spec:\n  externalIPs: [\"198.51.100.7\"]\n  selector:\n    app: web"}},
       "",
       {{"BW-net-service-external-ips", "externalIPs: |[\"198.51.100.7\"]"}}},
      {"ingress_without_tls",
       {{"  tls:\n    - hosts: [\"shop.example.com\"]\n      secretName: shop-tls\n", ""}},
       "",
       {{"BW-net-ingress-without-tls", "spec:\n  |rules:\n    - host"}}},
      {"ingress_nginx_snippet",
       {{"  name: web\n  namespace: shop\nspec:\n  tls",
         "  name: web\n  namespace: shop\n  annotations:\n"
         "    nginx.ingress.kubernetes.io/server-snippet: \"location /x { return 200; }\"\nspec:\n  tls"}},
       "",
       {{"BW-net-ingress-nginx-snippet", "    |nginx.ingress.kubernetes.io/server-snippet"}}},

      // Secrets.
      {"env_literal",
       {{"            - name: LOG_LEVEL\n              value: info",
         "            - name: API_TOKEN\n              value: \"f3K9qL2mZ8xW4vT7\""}},
       "",
       {{"BW-secret-env-literal", "value: |\"f3K9qL2mZ8xW4vT7\""}}},
      {"env_placeholder_is_fine",
       {{"            - name: LOG_LEVEL\n              value: info",
         "            - name: API_TOKEN\n              value: \"$(TOKEN)\""}},
       "",
       {}},
      {"in_command",
       {{"args: [\"--queue\", \"orders\", \"--password-file\", \"/var/run/secrets/queue/password\"]",
         "args: [\"--queue\", \"orders\", \"--password\", \"Xk9#mP2vL7qR\"]"}},
       "",
       {{"BW-secret-in-command", "\"--password\", |\"Xk9#mP2vL7qR\""}}},
      {"in_configmap",
       {{"  LOG_FORMAT: json\n",
         "  LOG_FORMAT: json\n  github_token: ghp_53X83RZJzzzzgEOzdmenCkhvMdgaKjIg8xNb\n"}},
       "",
       {{"BW-secret-in-configmap", "github_token: |ghp_"}}},
      {"in_configmap_file",
       {{"    db.password=${DB_PASSWORD}\n",
         "    db.password=${DB_PASSWORD}\n    aws.key=AKIAQ7XRZ3D5M2PLW4NB\n"}},
       "",
       {{"BW-secret-in-configmap", "aws.key=|AKIAQ7XRZ3D5M2PLW4NB"}}},
      {"in_annotation",
       {{"    example.com/owner: shop-team\n",
         "    example.com/owner: shop-team\n    example.com/slack-token: "
         "xoxb-123456789012-1234567890123-WHtP3fS2qHx6kwXoIIXGvOoN\n"}},
       "",
       {{"BW-secret-in-annotation", "example.com/slack-token: |xoxb-"}}},
      {"in_manifest",
       {},
       "apiVersion: example.com/v1\nkind: Database\nmetadata:\n  name: orders\n  namespace: shop\nspec:\n"
       "  connection: postgres://app:Zk8q2Lm9Xp@db.shop:5432/orders\n",
       {{"BW-secret-in-manifest", "connection: |postgres://"}}},
      {"committed_secret",
       {},
       "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\nstringData:\n  username: "
       "shop-app\n",
       {{"BW-secret-committed", "|stringData:\n  username"}}},
      {"committed_placeholder_secret_is_fine",
       {},
       "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\nstringData:\n  password: "
       "changeme\n",
       {}},
      {"secret_credential",
       {},
       // base64("AKIAQ7XRZ3D5M2PLW4NB")
       "apiVersion: v1\nkind: Secret\nmetadata:\n  name: aws\n  namespace: shop\ndata:\n"
       "  aws_access_key_id: QUtJQVE3WFJaM0Q1TTJQTFc0TkI=\n",
       {{"BW-secret-committed", "|data:\n  aws_access_key_id"},
        {"BW-secret-credential", "aws_access_key_id: |QUtJQVE3"}}},

      // Cluster configuration.
      {"encryption_identity_first",
       {{"      - kms:\n          apiVersion: v2\n          name: kms-provider\n          endpoint: "
         "unix:///var/run/kms/socket.sock\n      - identity: {}\n",
         "      - identity: {}\n      - kms:\n          apiVersion: v2\n          name: kms-provider\n       "
         "   endpoint: unix:///var/run/kms/socket.sock\n"}},
       "",
       {{"BW-cluster-encryption-identity-first", "      - |identity: {}\n      - kms"}}},
      {"encryption_aescbc",
       {{"      - kms:\n          apiVersion: v2\n          name: kms-provider\n          endpoint: "
         "unix:///var/run/kms/socket.sock\n",
         "      - aescbc:\n          keys:\n            - name: key1\n              secret: "
         "c2VjcmV0IGlzIHNlY3VyZQ==\n"}},
       "",
       // The aescbc key itself is a credential committed in plain text.
       {{"BW-cluster-encryption-aescbc", "      - |aescbc:"},
        {"BW-secret-in-manifest", "secret: |c2VjcmV0"}}},
      {"encryption_secrets_not_covered",
       {{"  - resources: [\"secrets\"]\n    providers", "  - resources: [\"configmaps\"]\n    providers"}},
       "",
       {{"BW-cluster-encryption-secrets-not-covered", "resources:\n  |- resources: [\"configmaps\"]"}}},
      {"audit_nothing_logged",
       {{"rules:\n  - level: Metadata\n    resources:\n      - group: \"\"\n",
         "rules:\n  - level: None\n  - level: Metadata\n    resources:\n      - group: \"\"\n"}},
       "",
       {{"BW-cluster-audit-nothing-logged", "  - level: |None"}}},
      {"audit_secret_bodies",
       {{"rules:\n  - level: Metadata\n    resources:",
         "rules:\n  - level: RequestResponse\n    resources:"}},
       "",
       {{"BW-cluster-audit-secret-bodies",
         "  - level: |RequestResponse\n    resources:\n      - group: \"\"\n"}}},
      {"kubelet_anonymous_auth",
       {{"  anonymous:\n    enabled: false", "  anonymous:\n    enabled: true"}},
       "",
       {{"BW-cluster-kubelet-anonymous-auth", "    enabled: |true\n  webhook"}}},
      {"kubelet_always_allow",
       {{"mode: Webhook", "mode: AlwaysAllow"}},
       "",
       {{"BW-cluster-kubelet-always-allow", "mode: |AlwaysAllow"}}},
      {"kubelet_read_only_port",
       {{"readOnlyPort: 0", "readOnlyPort: 10255"}},
       "",
       {{"BW-cluster-kubelet-read-only-port", "readOnlyPort: |10255"}}},
  };
  return t;
}

TEST(HardenedSet, YieldsNoFindingAtAnyPodSecurityLevel) {
  for (PssLevel level : {PssLevel::Restricted, PssLevel::Baseline, PssLevel::Privileged}) {
    RunOptions options;
    options.context.pss_level = level;
    const auto findings = run_catalog(kHardenedSet, options);
    EXPECT_TRUE(findings.empty()) << to_string(level) << ": " << describe(keys_of(findings));
  }
}

class InsecureTwinTest : public ::testing::TestWithParam<Twin> {};

TEST_P(InsecureTwinTest, YieldsExactlyTheExpectedFindings) {
  const Twin& t = GetParam();
  const std::string text = twin_text(t);
  RunOptions options;
  options.context.pss_level = t.level;
  if (!t.only.empty()) options.only.insert(t.only);
  std::vector<Key> expected;
  for (const Expected& e : t.expected) {
    const doc::Position p = position_of(text, e.anchor);
    expected.emplace_back(e.rule, p.line, p.column);
  }
  std::sort(expected.begin(), expected.end());
  const auto got = keys_of(run_catalog(text, options));
  EXPECT_EQ(describe(got), describe(expected));
}

INSTANTIATE_TEST_SUITE_P(Catalog, InsecureTwinTest, ::testing::ValuesIn(twins()),
                         [](const ::testing::TestParamInfo<Twin>& param) {
                           std::string n;
                           for (char c : param.param.name)
                             n.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
                           return n;
                         });

TEST(InsecureTwins, EveryCatalogRuleHasATwin) {
  std::set<std::string> covered;
  for (const Twin& t : twins())
    for (const Expected& e : t.expected) covered.insert(e.rule);
  for (const RuleMeta* meta : all_rules()) {
    if (in_catalog_families(*meta)) {
      EXPECT_TRUE(covered.contains(std::string(meta->id))) << meta->id;
    }
  }
}

TEST(SecretFindings, NeverCarryTheSecret) {
  Twin t{"mask",
         {{"            - name: LOG_LEVEL\n              value: info",
           "            - name: API_TOKEN\n              value: \"f3K9qL2mZ8xW4vT7\""},
          {"  LOG_FORMAT: json\n",
           "  LOG_FORMAT: json\n  key.pem: |\n    -----BEGIN EC PRIVATE KEY-----\n"
           "    vqdt7s8Stqcbnr3yBdGBLEPH1qhT61qtc4xatws8phP9nhFyJfm5di4PzJ59FHz5\n"
           "    -----END EC PRIVATE KEY-----\n"}},
         "apiVersion: v1\nkind: Secret\nmetadata:\n  name: aws\n  namespace: shop\ndata:\n"
         "  aws_access_key_id: QUtJQVE3WFJaM0Q1TTJQTFc0TkI=\n",
         {}};
  const auto findings = run_catalog(twin_text(t));
  ASSERT_GE(findings.size(), 3u);
  for (const Finding& f : findings) {
    for (std::string_view secret :
         {"f3K9qL2mZ8xW4vT7", "AKIAQ7XRZ3D5M2PLW4NB", "QUtJQVE3WFJaM0Q1TTJQTFc0TkI=",
          "vqdt7s8Stqcbnr3yBdGBLEPH1qhT61qtc4xatws8phP9nhFyJfm5di4PzJ59FHz5"}) {
      EXPECT_EQ(f.message.find(secret), std::string::npos) << f.message;
      EXPECT_EQ(f.location.snippet.find(secret), std::string::npos) << f.location.snippet;
    }
  }
  const auto env = std::find_if(findings.begin(), findings.end(),
                                [](const Finding& f) { return f.rule->id == "BW-secret-env-literal"; });
  ASSERT_NE(env, findings.end());
  EXPECT_NE(env->message.find("f3K9\u2026 (16 chars)"), std::string::npos) << env->message;
  // The PEM in a literal block is reported on the line the key starts on.
  const auto pem = std::find_if(findings.begin(), findings.end(),
                                [](const Finding& f) { return f.rule->id == "BW-secret-in-configmap"; });
  ASSERT_NE(pem, findings.end());
  EXPECT_EQ(pem->location.range.begin, position_of(twin_text(t), "    |-----BEGIN EC PRIVATE KEY"));
}

TEST(RbacFindings, NameSubjectBindingAndRole) {
  Twin t{
      "related",
      {{kRule0, "  - apiGroups: [\"*\"]\n    resources: [\"*\"]\n    verbs: [\"*\"]"},
       {"    name: deployer\n    namespace: shop\nroleRef", "    name: web\n    namespace: shop\nroleRef"}},
      "",
      {}};
  const std::string text = twin_text(t);
  RunOptions options;
  options.only = {"BW-rbac-workload-powerful-service-account"};
  const auto findings = run_catalog(text, options);
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.object, "Deployment shop/web");
  EXPECT_EQ(f.location.range.begin, position_of(text, "serviceAccountName: |web"));
  ASSERT_EQ(f.related.size(), 2u);
  EXPECT_EQ(f.related[0].location.range.begin,
            position_of(text, "roleRef:\n  |apiGroup: rbac.authorization.k8s.io\n  kind: Role\n"));
  EXPECT_EQ(f.related[1].location.range.begin, position_of(text, "|name: config-reader\n  namespace"));
  EXPECT_NE(f.message.find("do everything"), std::string::npos) << f.message;
}

}  // namespace
}  // namespace bulwark::rules::testing
