#pragma once

#include "rules/rule_meta.h"

namespace bulwark::rules::pss {

// Sources the PSS rules cite. constexpr so that each rule's reference array is constant-initialized
// (no dependence on the order in which translation units initialize).
inline constexpr Reference kPssPage{"Kubernetes: Pod Security Standards",
                                    "https://kubernetes.io/docs/concepts/security/pod-security-standards/"};
inline constexpr Reference kPsaPage{"Kubernetes: Pod Security Admission",
                                    "https://kubernetes.io/docs/concepts/security/pod-security-admission/"};
inline constexpr Reference kNsaCisaGuide{"NSA/CISA Kubernetes Hardening Guide v1.2 (pod security)",
                                         "https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/"
                                         "CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF"};
inline constexpr Reference kCisBenchmark{"CIS Kubernetes Benchmark, section 5.2 (Pod Security Standards)",
                                         "https://www.cisecurity.org/benchmark/kubernetes"};
inline constexpr Reference kMitreEscapeToHost{"MITRE ATT&CK T1611: Escape to Host",
                                              "https://attack.mitre.org/techniques/T1611/"};
inline constexpr Reference kMitreElevationControl{"MITRE ATT&CK T1548: Abuse Elevation Control Mechanism",
                                                  "https://attack.mitre.org/techniques/T1548/"};
inline constexpr Reference kMitreNetworkSniffing{"MITRE ATT&CK T1040: Network Sniffing",
                                                 "https://attack.mitre.org/techniques/T1040/"};
inline constexpr Reference kLinuxCapabilities{"capabilities(7)",
                                              "https://man7.org/linux/man-pages/man7/capabilities.7.html"};
inline constexpr Reference kUserNamespaces{
    "Kubernetes: user namespaces and Pod Security Admission",
    "https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/"};

}  // namespace bulwark::rules::pss
