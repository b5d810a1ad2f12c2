#pragma once

#include "rules/rule_meta.h"

// Sources the catalog's rules cite (workload, service accounts, RBAC, network, secrets, cluster).
// constexpr so that each rule's reference array is constant-initialized.
namespace bulwark::rules::citations {

inline constexpr Reference kPss{"Kubernetes: Pod Security Standards",
                                "https://kubernetes.io/docs/concepts/security/pod-security-standards/"};
inline constexpr Reference kNsa{"NSA/CISA Kubernetes Hardening Guide v1.2",
                                "https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/"
                                "CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF"};
inline constexpr Reference kCis{"CIS Kubernetes Benchmark",
                                "https://www.cisecurity.org/benchmark/kubernetes"};
inline constexpr Reference kCisPolicies{"CIS Kubernetes Benchmark, section 5 (Policies)",
                                        "https://www.cisecurity.org/benchmark/kubernetes"};
inline constexpr Reference kCisRbac{"CIS Kubernetes Benchmark, section 5.1 (RBAC and service accounts)",
                                    "https://www.cisecurity.org/benchmark/kubernetes"};
inline constexpr Reference kCisNetwork{"CIS Kubernetes Benchmark, section 5.3 (network policies and CNI)",
                                       "https://www.cisecurity.org/benchmark/kubernetes"};
inline constexpr Reference kCisSecrets{"CIS Kubernetes Benchmark, section 5.4 (secrets management)",
                                       "https://www.cisecurity.org/benchmark/kubernetes"};
inline constexpr Reference kCisGeneral{"CIS Kubernetes Benchmark, section 5.7 (general policies)",
                                       "https://www.cisecurity.org/benchmark/kubernetes"};
inline constexpr Reference kCisApiServer{"CIS Kubernetes Benchmark, section 1.2 (API server)",
                                         "https://www.cisecurity.org/benchmark/kubernetes"};
inline constexpr Reference kCisKubelet{"CIS Kubernetes Benchmark, section 4.2 (kubelet)",
                                       "https://www.cisecurity.org/benchmark/kubernetes"};
inline constexpr Reference kCisLogging{"CIS Kubernetes Benchmark, section 3.2 (logging)",
                                       "https://www.cisecurity.org/benchmark/kubernetes"};

inline constexpr Reference kSecurityContext{
    "Kubernetes: Configure a Security Context for a Pod or Container",
    "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"};
inline constexpr Reference kResources{
    "Kubernetes: Resource Management for Pods and Containers",
    "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"};
inline constexpr Reference kProbes{
    "Kubernetes: Configure Liveness, Readiness and Startup Probes",
    "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/"};
inline constexpr Reference kImages{"Kubernetes: Images (image pull policy, digests)",
                                   "https://kubernetes.io/docs/concepts/containers/images/"};
inline constexpr Reference kServiceAccounts{
    "Kubernetes: Configure Service Accounts for Pods",
    "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/"};
inline constexpr Reference kRbacGoodPractices{
    "Kubernetes: Role Based Access Control Good Practices",
    "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"};
inline constexpr Reference kRbac{"Kubernetes: Using RBAC Authorization",
                                 "https://kubernetes.io/docs/reference/access-authn-authz/rbac/"};
inline constexpr Reference kNetworkPolicies{
    "Kubernetes: Network Policies",
    "https://kubernetes.io/docs/concepts/services-networking/network-policies/"};
inline constexpr Reference kServices{"Kubernetes: Service",
                                     "https://kubernetes.io/docs/concepts/services-networking/service/"};
inline constexpr Reference kSecretsGoodPractices{
    "Kubernetes: Good practices for Kubernetes Secrets",
    "https://kubernetes.io/docs/concepts/security/secrets-good-practices/"};
inline constexpr Reference kEncryptionAtRest{
    "Kubernetes: Encrypting Confidential Data at Rest",
    "https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/"};
inline constexpr Reference kAuditing{"Kubernetes: Auditing",
                                     "https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/"};
inline constexpr Reference kKubeletAuth{
    "Kubernetes: Kubelet authentication/authorization",
    "https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/"};

// MITRE ATT&CK for Containers techniques.
inline constexpr Reference kMitreEscapeToHost{"MITRE ATT&CK T1611: Escape to Host",
                                              "https://attack.mitre.org/techniques/T1611/"};
inline constexpr Reference kMitreContainerAdmin{"MITRE ATT&CK T1609: Container Administration Command",
                                                "https://attack.mitre.org/techniques/T1609/"};
inline constexpr Reference kMitreDeployContainer{"MITRE ATT&CK T1610: Deploy Container",
                                                 "https://attack.mitre.org/techniques/T1610/"};
inline constexpr Reference kMitreUnsecuredCredentials{"MITRE ATT&CK T1552: Unsecured Credentials",
                                                      "https://attack.mitre.org/techniques/T1552/"};
inline constexpr Reference kMitreContainerApi{"MITRE ATT&CK T1552.007: Container API",
                                              "https://attack.mitre.org/techniques/T1552/007/"};
inline constexpr Reference kMitreValidAccounts{"MITRE ATT&CK T1078: Valid Accounts",
                                               "https://attack.mitre.org/techniques/T1078/"};
inline constexpr Reference kMitreResourceHijacking{"MITRE ATT&CK T1496: Resource Hijacking",
                                                   "https://attack.mitre.org/techniques/T1496/"};
inline constexpr Reference kMitreImplantImage{"MITRE ATT&CK T1525: Implant Internal Image",
                                              "https://attack.mitre.org/techniques/T1525/"};
inline constexpr Reference kMitreLateralMovement{"MITRE ATT&CK TA0008: Lateral Movement",
                                                 "https://attack.mitre.org/tactics/TA0008/"};
inline constexpr Reference kMitreExposedService{"MITRE ATT&CK T1133: External Remote Services",
                                                "https://attack.mitre.org/techniques/T1133/"};
inline constexpr Reference kMitreImpairDefenses{"MITRE ATT&CK T1562: Impair Defenses",
                                                "https://attack.mitre.org/techniques/T1562/"};
inline constexpr Reference kMitrePrivateKeys{"MITRE ATT&CK T1552.004: Private Keys",
                                             "https://attack.mitre.org/techniques/T1552/004/"};
inline constexpr Reference kMitreAdversaryInTheMiddle{"MITRE ATT&CK T1557: Adversary-in-the-Middle",
                                                      "https://attack.mitre.org/techniques/T1557/"};
inline constexpr Reference kMitreDataFromCloud{"MITRE ATT&CK T1530: Data from Cloud Storage",
                                               "https://attack.mitre.org/techniques/T1530/"};
inline constexpr Reference kMitreIndicatorRemoval{"MITRE ATT&CK T1070: Indicator Removal",
                                                  "https://attack.mitre.org/techniques/T1070/"};

}  // namespace bulwark::rules::citations
