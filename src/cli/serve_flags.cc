#include "cli/serve_flags.h"

namespace bulwark::cli {

CLI::App* add_serve_flags(CLI::App& app, ServeFlags& flags) {
  CLI::App* cmd = app.add_subcommand("serve", "Run the HTTPS admission webhook (POST /validate)");
  cmd->footer(
      "Namespaces choose their policy with Pod Security Admission's labels\n"
      "(pod-security.kubernetes.io/{enforce,warn,audit}[-version]) and, for bulwark's other rules,\n"
      "bulwark.dev/{enforce,warn,audit}: <minimum severity>. POST /mutate patches objects with\n"
      "`bulwark fix`'s safe defaults in namespaces labelled bulwark.dev/mutate=enabled.\n"
      "Example: bulwark serve --tls-cert /tls/tls.crt --tls-key /tls/tls.key --namespaces ns.yaml");
  cmd->add_option("--listen", flags.listen, "ADDRESS:PORT to listen on")->capture_default_str();
  cmd->add_option("--tls-cert", flags.tls_cert, "Serving certificate (PEM chain); reloaded when it changes")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--tls-key", flags.tls_key, "Private key of the serving certificate (PEM)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--client-ca", flags.client_ca, "Require client certificates signed by this CA (PEM)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--namespaces", flags.namespaces_file,
                  "YAML/JSON file of Namespace objects whose labels set each namespace's policy")
      ->check(CLI::ExistingFile);
  cmd->add_option("--kubeconfig", flags.kubeconfig,
                  "List and watch Namespaces through the API server of this kubeconfig")
      ->check(CLI::ExistingFile);
  cmd->add_option("--context", flags.kube_context, "The kubeconfig context (default: current-context)");
  cmd->add_flag("--in-cluster", flags.in_cluster,
                "List and watch Namespaces with the pod's service account (KUBERNETES_SERVICE_HOST)");
  cmd->add_option("--policy", flags.policy_paths,
                  "ValidatingAdmissionPolicy and binding files or folders to enforce (repeatable)");
  cmd->add_option("--default-enforce", flags.default_enforce, "Enforce level for unlabelled namespaces")
      ->capture_default_str();
  cmd->add_option("--default-warn", flags.default_warn, "Warn level for unlabelled namespaces")
      ->capture_default_str();
  cmd->add_option("--default-audit", flags.default_audit, "Audit level for unlabelled namespaces")
      ->capture_default_str();
  cmd->add_option("--default-version", flags.default_version, "Pod Security version of the defaults")
      ->capture_default_str();
  cmd->add_option("--exempt-namespace", flags.exempt_namespaces, "Never evaluate requests in this namespace");
  cmd->add_option("--exempt-user", flags.exempt_users, "Never evaluate requests by this user");
  cmd->add_option("--exempt-runtime-class", flags.exempt_runtime_classes,
                  "Never evaluate pods with this runtimeClassName");
  cmd->add_option("--rules", flags.rules, "Only these rule ids or families");
  cmd->add_option("--skip", flags.skip, "Skip these rule ids or families");
  cmd->add_flag("--psa-pod-controllers", flags.psa_pod_controllers,
                "Like PSA, only warn/audit Deployments and other pod controllers (enforce on their Pods)");
  cmd->add_option("--threads", flags.threads, "Worker threads")->capture_default_str();
  cmd->add_option("--max-body-bytes", flags.max_body_bytes, "Largest request body (413 above)")
      ->capture_default_str();
  cmd->add_option("--max-connections", flags.max_connections, "Connections served at once")
      ->capture_default_str();
  cmd->add_option("--read-timeout-ms", flags.read_timeout_ms, "Time a request may take to arrive")
      ->capture_default_str();
  cmd->add_option("--idle-timeout-ms", flags.idle_timeout_ms, "Idle keep-alive connection lifetime")
      ->capture_default_str();
  cmd->add_option("--shutdown-grace-ms", flags.shutdown_grace_ms, "Longest graceful shutdown on SIGTERM")
      ->capture_default_str();
  cmd->add_flag("--no-decision-log", flags.no_decision_log,
                "Do not print the JSON decision line per request");
  return cmd;
}

}  // namespace bulwark::cli
