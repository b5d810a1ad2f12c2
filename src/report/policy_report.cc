#include "report/policy_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <vector>

#include "doc/json_escape.h"
#include "report/fingerprint.h"

namespace bulwark::report {
namespace {

// JSON string literals are valid YAML double-quoted scalars: one escaping rule for both.
std::string quoted(std::string_view s) {
  std::string out;
  doc::append_json_string(out, s);
  return out;
}

struct ObjectName {
  std::string kind;
  std::string namespace_;
  std::string name;
};

// Findings name objects as "Kind name" or "Kind namespace/name" (k8s::Object::display_name).
ObjectName parse_object(std::string_view display) {
  ObjectName o;
  const auto space = display.find(' ');
  if (space == std::string_view::npos) return o;
  o.kind = display.substr(0, space);
  const std::string_view rest = display.substr(space + 1);
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos) {
    o.name = rest;
  } else {
    o.namespace_ = rest.substr(0, slash);
    o.name = rest.substr(slash + 1);
  }
  return o;
}

struct Report {
  std::string namespace_;  // "" for the ClusterPolicyReport
  std::vector<std::string> results;
};

}  // namespace

bool is_cluster_scoped_kind(std::string_view kind) {
  static constexpr std::array<std::string_view, 20> kinds{"APIService",
                                                          "CertificateSigningRequest",
                                                          "ClusterRole",
                                                          "ClusterRoleBinding",
                                                          "ComponentStatus",
                                                          "CSIDriver",
                                                          "CSINode",
                                                          "CustomResourceDefinition",
                                                          "IngressClass",
                                                          "MutatingWebhookConfiguration",
                                                          "Namespace",
                                                          "Node",
                                                          "PersistentVolume",
                                                          "PodSecurityPolicy",
                                                          "PriorityClass",
                                                          "RuntimeClass",
                                                          "StorageClass",
                                                          "ValidatingAdmissionPolicy",
                                                          "ValidatingAdmissionPolicyBinding",
                                                          "ValidatingWebhookConfiguration"};
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

std::string render_policy_report(const engine::ScanResult& result, const PolicyReportOptions& options) {
  std::map<std::string, Report> reports;  // by namespace; "" sorts first: the cluster report
  const std::vector<std::string> prints = fingerprints(result.findings);
  for (std::size_t i = 0; i < result.findings.size(); ++i) {
    const rules::Finding& f = result.findings[i];
    const ObjectName o = parse_object(f.object);
    std::string ns = o.namespace_;
    if (ns.empty() && !o.kind.empty() && !is_cluster_scoped_kind(o.kind)) ns = "default";
    std::string r = "- policy: " + quoted(f.rule->title) + "\n";
    r += "  rule: " + quoted(f.rule->id) + "\n";
    r += "  category: " + quoted(rules::to_string(f.rule->family)) + "\n";
    r += fmt::format("  severity: {}\n", rules::to_string(f.severity));
    r += "  result: fail\n  scored: true\n  source: bulwark\n";
    r += "  message: " + quoted(f.message) + "\n";
    r += fmt::format("  timestamp:\n    seconds: {}\n    nanos: 0\n", options.timestamp);
    if (!o.kind.empty()) {
      r += "  resources:\n  - kind: " + quoted(o.kind) + "\n    name: " + quoted(o.name) + "\n";
      if (!ns.empty()) r += "    namespace: " + quoted(ns) + "\n";
    }
    r += "  properties:\n    file: " + quoted(f.location.file) + "\n";
    r += fmt::format("    line: \"{}\"\n", f.location.range.begin.line);
    if (!f.field_path.empty()) r += "    fieldPath: " + quoted(f.field_path) + "\n";
    r += "    fingerprint: " + quoted(prints[i]) + "\n";
    Report& report = reports[ns];
    report.namespace_ = ns;
    report.results.push_back(std::move(r));
  }
  std::string out;
  for (const auto& [ns, report] : reports) {
    out += "---\napiVersion: wgpolicyk8s.io/v1alpha2\n";
    if (ns.empty()) {
      out += "kind: ClusterPolicyReport\nmetadata:\n  name: bulwark-cluster\n";
    } else {
      out += "kind: PolicyReport\nmetadata:\n  name: " + quoted("bulwark-" + ns) +
             "\n  namespace: " + quoted(ns) + "\n";
    }
    out += "  labels:\n    app.kubernetes.io/managed-by: bulwark\n";
    out += fmt::format("summary:\n  pass: 0\n  fail: {}\n  warn: 0\n  error: 0\n  skip: 0\nresults:\n",
                       report.results.size());
    for (const auto& r : report.results) out += r;
  }
  if (out.empty()) {
    // Nothing failed: an empty cluster report still tells a dashboard the scan ran.
    out =
        "---\napiVersion: wgpolicyk8s.io/v1alpha2\nkind: ClusterPolicyReport\nmetadata:\n  name: "
        "bulwark-cluster\n"
        "  labels:\n    app.kubernetes.io/managed-by: bulwark\n"
        "summary:\n  pass: 0\n  fail: 0\n  warn: 0\n  error: 0\n  skip: 0\nresults: []\n";
  }
  return out;
}

}  // namespace bulwark::report
