#pragma once

#include "rules/rule_meta.h"

namespace bulwark::rules::image {

// Sources the image rules cite (constexpr: each rule's array is constant-initialized).
inline constexpr Reference kCisDockerImages{
    "CIS Docker Benchmark, section 4 (container images and build files)",
    "https://www.cisecurity.org/benchmark/docker"};
inline constexpr Reference kOwaspDocker{
    "OWASP Docker Security Cheat Sheet",
    "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"};
inline constexpr Reference kOciImageSpec{"OCI image spec: image configuration",
                                         "https://github.com/opencontainers/image-spec/blob/main/config.md"};
inline constexpr Reference kOciLayerSpec{"OCI image spec: layers and whiteouts",
                                         "https://github.com/opencontainers/image-spec/blob/main/layer.md"};
inline constexpr Reference kNistContainers{"NIST SP 800-190, Application Container Security Guide",
                                           "https://doi.org/10.6028/NIST.SP.800-190"};
inline constexpr Reference kMitreUnsecuredCredentials{"MITRE ATT&CK T1552: Unsecured Credentials",
                                                      "https://attack.mitre.org/techniques/T1552/"};
inline constexpr Reference kMitreSetuid{"MITRE ATT&CK T1548.001: Setuid and Setgid",
                                        "https://attack.mitre.org/techniques/T1548/001/"};
inline constexpr Reference kDistroless{"Distroless container images",
                                       "https://github.com/GoogleContainerTools/distroless"};

}  // namespace bulwark::rules::image
