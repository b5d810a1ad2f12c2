#include <array>

#include "rules/dockerfile/dockerfile_rules.h"

namespace bulwark::rules::dockerfile {
namespace {

const std::array<const DockerfileRule*, 26>& rule_list() {
  static const std::array<const DockerfileRule*, 26> rules{
      &kRootUserRule,
      &kSudoRule,
      &kChmodSetuidRule,
      &kChmodWorldWritableRule,
      &kLatestTagRule,
      &kUnpinnedDigestRule,
      &kSecretValueRule,
      &kSecretBuildArgRule,
      &kCopyCredentialsRule,
      &kCurlPipeShellRule,
      &kAddRemoteRule,
      &kInsecureTlsRule,
      &kGitCloneHttpRule,
      &kAptYesRule,
      &kAptInstallRecommendsRule,
      &kAptUpgradeRule,
      &kAptListsRule,
      &kApkNoCacheRule,
      &kPipNoCacheRule,
      &kUnpinnedPackagesRule,
      &kExposeSshRule,
      &kSshdRule,
      &kNoHealthcheckRule,
      &kRelativeWorkdirRule,
      &kPipefailRule,
      &kCdInRunRule,
  };
  return rules;
}

}  // namespace

std::span<const DockerfileRule> dockerfile_rules() {
  static const std::vector<DockerfileRule> rules = [] {
    std::vector<DockerfileRule> out;
    for (const DockerfileRule* r : rule_list()) out.push_back(*r);
    return out;
  }();
  return rules;
}

}  // namespace bulwark::rules::dockerfile
