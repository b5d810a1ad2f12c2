#pragma once

#include <cstdint>
#include <string>

#include "engine/scan_result.h"

namespace bulwark::report {

struct PolicyReportOptions {
  /// Seconds since the epoch for each result's timestamp (the CLI passes the scan's start).
  int64_t timestamp = 0;
};

/// wgpolicyk8s.io/v1alpha2 reports, as Kyverno and Trivy Operator emit them, in one YAML stream
/// for `kubectl apply -f`: a PolicyReport per namespace and one ClusterPolicyReport for
/// cluster-scoped objects and findings outside objects (Dockerfiles, images). Each finding is
/// a `fail` result (policy = rule title, rule = rule id, category = family) whose `resources`
/// names the object, with file, line and field path in `properties`.
std::string render_policy_report(const engine::ScanResult& result, const PolicyReportOptions& options);

/// True for the built-in Kubernetes kinds that live outside namespaces.
bool is_cluster_scoped_kind(std::string_view kind);

}  // namespace bulwark::report
