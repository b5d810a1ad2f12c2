#pragma once

#include "rules/rule_meta.h"

namespace bulwark::rules::dockerfile {

// Sources the Dockerfile rules cite (constexpr: each rule's array is constant-initialized).
inline constexpr Reference kDockerfileReference{"Dockerfile reference",
                                                "https://docs.docker.com/reference/dockerfile/"};
inline constexpr Reference kBestPractices{"Docker: building best practices",
                                          "https://docs.docker.com/build/building/best-practices/"};
inline constexpr Reference kCisDocker{"CIS Docker Benchmark, section 4 (container images and build files)",
                                      "https://www.cisecurity.org/benchmark/docker"};
inline constexpr Reference kOwaspDocker{
    "OWASP Docker Security Cheat Sheet",
    "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"};
inline constexpr Reference kBuildSecrets{"Docker: build secrets (RUN --mount=type=secret)",
                                         "https://docs.docker.com/build/building/secrets/"};
inline constexpr Reference kHadolint{"hadolint rules", "https://github.com/hadolint/hadolint#rules"};
inline constexpr Reference kMitreElevation{"MITRE ATT&CK T1548: Abuse Elevation Control Mechanism",
                                           "https://attack.mitre.org/techniques/T1548/"};
inline constexpr Reference kMitreSupplyChain{"MITRE ATT&CK T1195: Supply Chain Compromise",
                                             "https://attack.mitre.org/techniques/T1195/"};
inline constexpr Reference kMitreUnsecuredCredentials{"MITRE ATT&CK T1552: Unsecured Credentials",
                                                      "https://attack.mitre.org/techniques/T1552/"};
inline constexpr Reference kMitreAitm{"MITRE ATT&CK T1557: Adversary-in-the-Middle",
                                      "https://attack.mitre.org/techniques/T1557/"};
inline constexpr Reference kMitreRemoteServices{"MITRE ATT&CK T1021.004: Remote Services: SSH",
                                                "https://attack.mitre.org/techniques/T1021/004/"};

}  // namespace bulwark::rules::dockerfile
