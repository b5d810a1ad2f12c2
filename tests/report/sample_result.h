#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "engine/scan_result.h"
#include "rules/catalog.h"

namespace bulwark::testing {

/// A scan result with the shapes reports must handle: several findings on one object and rule,
/// a finding with a related location, text that needs escaping in every format, a cluster-scoped
/// object, a file outside objects, standard input, an absolute path and a load error.
inline engine::ScanResult sample_result() {
  auto finding = [](const rules::RuleMeta* r, std::string file, uint32_t line, uint32_t col,
                    std::string object, std::string field, std::string message) {
    rules::Finding f;
    f.rule = r;
    f.severity = r->severity;
    f.message = std::move(message);
    f.object = std::move(object);
    f.field_path = std::move(field);
    f.location.file = std::move(file);
    f.location.range = {{line, col}, {line, col + 4}};
    f.location.snippet = "        privileged: true";
    return f;
  };
  engine::ScanResult r;
  const rules::RuleMeta* first = rules::all_rules().front();
  r.findings.push_back(
      finding(first, "k8s/deploy.yaml", 31, 21, "Deployment prod/web",
              "spec.template.spec.containers[0].securityContext.privileged",
              "container \"web\" must not set privileged | <b>&\"quotes\"</b>, 100%\nsecond line"));
  r.findings.push_back(finding(first, "k8s/deploy.yaml", 40, 21, "Deployment prod/web",
                               "spec.template.spec.containers[1].securityContext.privileged", "sidecar too"));
  rules::Finding rbac = finding(rules::all_rules().back(), "k8s/rbac.yaml", 5, 3, "ClusterRole admin-ish",
                                "rules[0]", "wildcard verbs");
  rbac.related.push_back(
      rules::RelatedLocation{{"k8s/binding.yaml", {{7, 1}, {7, 9}}, "roleRef:"}, "bound here"});
  r.findings.push_back(std::move(rbac));
  r.findings.push_back(finding(first, "<stdin>", 3, 1, "Pod web", "spec", "from a pipe"));
  r.findings.push_back(finding(first, "/abs/path with space/Dockerfile", 2, 1, "", "", "runs as root"));
  r.load_errors.push_back(doc::LoadError{"k8s/bad.yaml", {4, 1}, "tab character used for indentation"});
  r.notices.push_back(engine::Notice{"chart", "Helm chart not scanned"});
  r.stats.files = 6;
  r.stats.documents = 5;
  r.stats.objects = 4;
  r.stats.seconds = 0.012;
  return r;
}

/// `count` findings cycling through sample_result()'s shapes (its load errors and notices kept),
/// the i-th one's message being `message(shape message, i)`: reports of any size with every shape.
template <typename Message>
engine::ScanResult sample_result_cycled(std::size_t count, Message message) {
  engine::ScanResult r = sample_result();
  const std::vector<rules::Finding> shapes = r.findings;
  r.findings.clear();
  for (std::size_t i = 0; i < count; ++i) {
    rules::Finding f = shapes[i % shapes.size()];
    f.message = message(f.message, i);
    r.findings.push_back(std::move(f));
  }
  return r;
}

}  // namespace bulwark::testing
