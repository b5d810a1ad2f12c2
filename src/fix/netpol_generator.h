#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "k8s/object.h"

namespace bulwark::fix {

/// Drafts NetworkPolicies for review (never applied): per namespace a default-deny policy for
/// ingress and egress, DNS egress to kube-dns, and for each Service with a selector an ingress
/// policy that lets pods of the same namespace reach the selected pods on the Service's target
/// ports, with the matching egress policy for the clients.
class NetpolGenerator {
 public:
  /// A port the pods behind a Service listen on.
  struct Port {
    std::string protocol;
    std::string port;  // a number, or a named container port
    bool named = false;
    auto operator<=>(const Port&) const = default;
  };

  void observe(const k8s::Object& object);
  /// The policies as a YAML stream ("" when no namespace was seen).
  std::string render() const;
  /// Services skipped (no selector), for the user to handle by hand.
  const std::vector<std::string>& skipped() const { return skipped_; }

 private:
  struct Service {
    std::string name;
    std::vector<std::pair<std::string, std::string>> selector;
    std::vector<Port> ports;
  };
  std::map<std::string, std::vector<Service>> namespaces_;
  std::vector<std::string> skipped_;
};

}  // namespace bulwark::fix
