#pragma once

#include "rules/dockerfile/dockerfile_rule.h"

namespace bulwark::rules::dockerfile {

// One line per rule; registry.cc lists them in this order.
extern const DockerfileRule kRootUserRule;
extern const DockerfileRule kSudoRule;
extern const DockerfileRule kChmodSetuidRule;
extern const DockerfileRule kChmodWorldWritableRule;
extern const DockerfileRule kLatestTagRule;
extern const DockerfileRule kUnpinnedDigestRule;
extern const DockerfileRule kSecretValueRule;
extern const DockerfileRule kSecretBuildArgRule;
extern const DockerfileRule kCopyCredentialsRule;
extern const DockerfileRule kCurlPipeShellRule;
extern const DockerfileRule kAddRemoteRule;
extern const DockerfileRule kInsecureTlsRule;
extern const DockerfileRule kGitCloneHttpRule;
extern const DockerfileRule kAptYesRule;
extern const DockerfileRule kAptInstallRecommendsRule;
extern const DockerfileRule kAptUpgradeRule;
extern const DockerfileRule kAptListsRule;
extern const DockerfileRule kApkNoCacheRule;
extern const DockerfileRule kPipNoCacheRule;
extern const DockerfileRule kUnpinnedPackagesRule;
extern const DockerfileRule kExposeSshRule;
extern const DockerfileRule kSshdRule;
extern const DockerfileRule kNoHealthcheckRule;
extern const DockerfileRule kRelativeWorkdirRule;
extern const DockerfileRule kPipefailRule;
extern const DockerfileRule kCdInRunRule;

}  // namespace bulwark::rules::dockerfile
