// One row per behaviour: a Dockerfile, a rule, and the lines where that rule must (or must not) fire.
// Expectations follow the rule list, the Dockerfile reference (USER, FROM, ADD --checksum, SHELL) and
// hadolint's documented checks for the package-manager rules (DL3008/9/14/15/19/42, DL4006, DL3003, DL3000).
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "rules/dockerfile/dockerfile_rule.h"

namespace bulwark::rules::dockerfile {
namespace {

struct RuleCase {
  const char* rule;
  const char* dockerfile;
  std::vector<std::uint32_t> lines;  // where `rule` fires, in order; empty: it must not fire
};

std::vector<std::uint32_t> lines_of(const char* rule, std::string_view text) {
  DockerfileScanOptions all;
  all.include_disabled = true;
  std::vector<std::uint32_t> out;
  for (const Finding& f : check_dockerfile("Dockerfile", text, all))
    if (f.rule->id == rule) out.push_back(f.location.range.begin.line);
  return out;
}

class RuleTable : public testing::TestWithParam<RuleCase> {};

TEST_P(RuleTable, FiresExactlyWhereExpected) {
  const RuleCase& c = GetParam();
  EXPECT_EQ(lines_of(c.rule, c.dockerfile), c.lines) << c.rule << " on:\n" << c.dockerfile;
}

INSTANTIATE_TEST_SUITE_P(
    User, RuleTable,
    testing::Values(RuleCase{"DF-root-user", "FROM alpine:3.20\nRUN x\n", {1}},
                    RuleCase{"DF-root-user", "FROM alpine:3.20\nUSER app\n", {}},
                    RuleCase{"DF-root-user", "FROM alpine:3.20\nUSER root\n", {2}},
                    RuleCase{"DF-root-user", "FROM alpine:3.20\nUSER 0:0\n", {2}},
                    RuleCase{"DF-root-user", "FROM alpine:3\nUSER app\nRUN x\nUSER root\n", {4}},
                    RuleCase{"DF-root-user",
                             "FROM golang:1 AS build\nUSER nobody\nFROM alpine:3\nCOPY --from=build /a /a\n",
                             {3}},
                    RuleCase{"DF-root-user", "FROM alpine:3 AS base\nUSER app\nFROM base\nRUN x\n", {}},
                    RuleCase{"DF-root-user", "FROM alpine:3\nARG U=root\nUSER $U\n", {3}},
                    RuleCase{"DF-root-user", "FROM alpine:3\nARG U\nUSER $U\n", {}},
                    RuleCase{
                        "DF-sudo", "FROM a:1\nRUN apt-get update && apt-get install -y sudo curl\n", {2}},
                    RuleCase{"DF-sudo", "FROM a:1\nRUN sudo make install\n", {2}},
                    RuleCase{"DF-sudo", "FROM a:1\nRUN su -c 'make' app\n", {2}},
                    RuleCase{"DF-sudo", "FROM a:1\nRUN apk add --no-cache doas\n", {2}},
                    RuleCase{"DF-sudo", "FROM a:1\nRUN sh -c 'true && sudo x'\n", {2}},
                    RuleCase{"DF-sudo", "FROM a:1\nRUN echo sudo; su app\n", {}},
                    RuleCase{"DF-chmod-setuid", "FROM a:1\nRUN chmod 4755 /bin/x\n", {2}},
                    RuleCase{"DF-chmod-setuid", "FROM a:1\nRUN chmod u+s /x && chmod g=s /y\n", {2, 2}},
                    RuleCase{"DF-chmod-setuid", "FROM a:1\nRUN chmod -R 2775 /d\n", {2}},
                    RuleCase{"DF-chmod-setuid", "FROM a:1\nRUN chmod 0755 /x; chmod u-s /y\n", {}},
                    RuleCase{"DF-chmod-777", "FROM a:1\nRUN chmod 777 /x\n", {2}},
                    RuleCase{"DF-chmod-777", "FROM a:1\nRUN chmod -R a+rwx /x\n", {2}},
                    RuleCase{"DF-chmod-777", "FROM a:1\nRUN chmod 1777 /tmp; chmod 775 /x\n", {}}));

INSTANTIATE_TEST_SUITE_P(
    BaseImage, RuleTable,
    testing::Values(
        RuleCase{"DF-latest-tag", "FROM ubuntu\n", {1}},
        RuleCase{"DF-latest-tag", "FROM ubuntu:latest\n", {1}},
        RuleCase{"DF-latest-tag", "FROM ubuntu:24.04\n", {}},
        RuleCase{"DF-latest-tag", "FROM ubuntu@sha256:0123456789abcdef\n", {}},
        RuleCase{"DF-latest-tag", "FROM localhost:5000/team/app\n", {1}},  // a port is no tag
        RuleCase{"DF-latest-tag", "ARG V=latest\nFROM node:$V\n", {2}},
        RuleCase{"DF-latest-tag", "ARG V=20\nFROM node:${V}\n", {}},
        RuleCase{"DF-latest-tag", "ARG IMG\nFROM ${IMG:-python}\n", {2}},
        RuleCase{"DF-latest-tag", "FROM scratch\n", {}},
        RuleCase{"DF-latest-tag", "FROM golang:1.22 AS b\nFROM b\nFROM alpine AS c\n", {3}},
        RuleCase{"DF-unpinned-digest", "FROM ubuntu:24.04\nFROM ubuntu:24.04@sha256:0123abcd\n", {1}}));

INSTANTIATE_TEST_SUITE_P(
    Secrets, RuleTable,
    testing::Values(
        RuleCase{"DF-secret-value", "FROM a:1\nENV DB_PASSWORD=hunter2\n", {2}},
        RuleCase{"DF-secret-value", "FROM a:1\nENV AWS_ACCESS_KEY_ID AKIAZ3MHALQ4XK7PBN2D\n", {2}},
        RuleCase{"DF-secret-value", "FROM a:1\nARG API_TOKEN=\"q8V3kz7Lw2\"\n", {2}},
        RuleCase{"DF-secret-value", "FROM a:1\nENV DB_PASSWORD=${DB_PASSWORD} PASSWORD=changeme\n", {}},
        RuleCase{"DF-secret-value", "FROM a:1\nENV GPG_KEY=B42F6819007F00F88E364FD4036A9C25BF357DD4\n", {}},
        RuleCase{
            "DF-secret-value",
            "FROM a:1\nRUN curl -H \"Authorization: token ghp_R3aLlYL0ngT0k3nV4lu3f0rT3st1ngAbCd12\" x\n",
            {2}},
        RuleCase{"DF-secret-value",
                 "FROM a:1\nRUN <<EOF\necho start\ncurl https://admin:Zq8Hk29xPwLm@db.example.org/x\nEOF\n",
                 {4}},
        RuleCase{"DF-secret-build-arg", "FROM a:1\nARG NPM_TOKEN\nARG VERSION=1\nARG GPG_KEY\n", {2}},
        RuleCase{"DF-copy-credentials", "FROM a:1\nCOPY id_rsa /root/.ssh/id_rsa\n", {2}},
        RuleCase{"DF-copy-credentials", "FROM a:1\nCOPY .npmrc package.json ./\n", {2}},
        RuleCase{"DF-copy-credentials", "FROM a:1\nADD certs/server.key /etc/ssl/\n", {2}},
        RuleCase{"DF-copy-credentials", "FROM a:1\nCOPY [\".env\", \"/app/\"]\n", {2}},
        RuleCase{"DF-copy-credentials",
                 "FROM a:1\nCOPY .env.example id_rsa.pub src/ /app/\nCOPY <<EOF /app/.env\nX=1\nEOF\n",
                 {}}));

INSTANTIATE_TEST_SUITE_P(
    RemoteCode, RuleTable,
    testing::Values(
        RuleCase{"DF-curl-pipe-shell", "FROM a:1\nRUN curl -fsSL https://get.example.sh | sh\n", {2}},
        RuleCase{"DF-curl-pipe-shell", "FROM a:1\nRUN wget -qO- https://x | sudo bash -s -- -y\n", {2}},
        RuleCase{"DF-curl-pipe-shell", "FROM a:1\nRUN sh -c \"$(curl -fsSL https://x/install.sh)\"\n", {2}},
        RuleCase{"DF-curl-pipe-shell", "FROM a:1\nRUN set -e; \\\n    curl -s https://x | python3 -\n", {3}},
        RuleCase{"DF-curl-pipe-shell", "FROM a:1\nRUN curl -o f https://x && sh f; curl -s x | tar xz\n", {}},
        RuleCase{"DF-add-remote", "FROM a:1\nADD https://x.org/y.tgz /tmp/\n", {2}},
        RuleCase{"DF-add-remote", "FROM a:1\nADD --checksum=sha256:abc https://x.org/y.tgz /tmp/\n", {}},
        RuleCase{"DF-add-remote", "FROM a:1\nADD local.tgz /tmp/\n", {}},
        RuleCase{"DF-insecure-tls", "FROM a:1\nRUN curl -fsSLk https://x\n", {2}},
        RuleCase{"DF-insecure-tls", "FROM a:1\nRUN curl --insecure https://x\n", {2}},
        RuleCase{"DF-insecure-tls", "FROM a:1\nRUN wget --no-check-certificate https://x\n", {2}},
        RuleCase{"DF-insecure-tls", "FROM a:1\nRUN git config --global http.sslVerify false\n", {2}},
        RuleCase{"DF-insecure-tls", "FROM a:1\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\n", {2}},
        RuleCase{"DF-insecure-tls", "FROM a:1\nRUN curl -fsSL -H 'k: v' https://x\n", {}},
        RuleCase{"DF-git-clone-http", "FROM a:1\nRUN git clone http://github.com/a/b\n", {2}},
        RuleCase{"DF-git-clone-http", "FROM a:1\nRUN git clone --depth 1 git://x.org/y\n", {2}},
        RuleCase{"DF-git-clone-http", "FROM a:1\nRUN git clone https://github.com/a/b\n", {}}));

INSTANTIATE_TEST_SUITE_P(
    PackageManagers, RuleTable,
    testing::Values(
        RuleCase{"DF-apt-no-yes", "FROM a:1\nRUN apt-get install curl\n", {2}},
        RuleCase{"DF-apt-no-yes", "FROM a:1\nRUN apt-get install -y curl && apt-get -qq install git\n", {}},
        RuleCase{"DF-apt-no-yes", "FROM a:1\nRUN apt-get install -s curl; yes | apt-get install git\n", {}},
        RuleCase{"DF-apt-install-recommends", "FROM a:1\nRUN apt-get install -y curl\n", {2}},
        RuleCase{"DF-apt-install-recommends",
                 "FROM a:1\nRUN apt-get install -y --no-install-recommends curl\n",
                 {}},
        RuleCase{"DF-apt-install-recommends",
                 "FROM a:1\nRUN apt-get -o APT::Install-Recommends=false install -y curl\n",
                 {}},
        RuleCase{"DF-apt-upgrade",
                 "FROM a:1\nRUN apt-get update && apt-get upgrade -y\nRUN apt dist-upgrade -y\n",
                 {2, 3}},
        RuleCase{
            "DF-apt-lists-not-cleaned", "FROM a:1\nRUN apt-get update && apt-get install -y curl\n", {2}},
        RuleCase{"DF-apt-lists-not-cleaned",
                 "FROM a:1\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
                 {}},
        RuleCase{"DF-apt-lists-not-cleaned",
                 "FROM a:1\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get "
                 "install -y x\n",
                 {}},
        RuleCase{"DF-apt-lists-not-cleaned",
                 "FROM a:1 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM b:1\n",
                 {}},
        RuleCase{"DF-apk-no-cache", "FROM a:1\nRUN apk add curl\n", {2}},
        RuleCase{"DF-apk-no-cache", "FROM a:1\nRUN apk add --no-cache curl\n", {}},
        RuleCase{"DF-apk-no-cache", "FROM a:1\nRUN apk add curl && rm -rf /var/cache/apk/*\n", {}},
        RuleCase{
            "DF-pip-no-cache-dir", "FROM a:1\nRUN pip install flask\nRUN python3 -m pip install x\n", {2, 3}},
        RuleCase{"DF-pip-no-cache-dir", "FROM a:1\nRUN pip install --no-cache-dir flask\n", {}},
        RuleCase{"DF-pip-no-cache-dir", "FROM a:1\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n", {}},
        RuleCase{"DF-unpinned-packages", "FROM a:1\nRUN apt-get install -y curl=7.88.1-10 \\\n  git\n", {3}},
        RuleCase{"DF-unpinned-packages",
                 "FROM a:1\nRUN pip install flask==3.0 -r req.txt requests && apk add --no-cache musl=1.2\n",
                 {2}},
        RuleCase{
            "DF-unpinned-packages", "FROM a:1\nRUN npm install && npm install -g typescript@5.4.5\n", {}}));

INSTANTIATE_TEST_SUITE_P(
    Exposure, RuleTable,
    testing::Values(RuleCase{"DF-expose-ssh", "FROM a:1\nEXPOSE 80 22/tcp\n", {2}},
                    RuleCase{"DF-expose-ssh", "FROM a:1\nEXPOSE 2222 8022\n", {}},
                    RuleCase{"DF-expose-ssh", "FROM a:1\nEXPOSE 20-30\n", {2}},
                    RuleCase{"DF-expose-ssh", "FROM a:1\nARG P=22\nEXPOSE $P\n", {3}},
                    RuleCase{"DF-sshd", "FROM a:1\nRUN apt-get install -y openssh-server\n", {2}},
                    RuleCase{"DF-sshd", "FROM a:1\nCMD [\"/usr/sbin/sshd\", \"-D\"]\n", {2}},
                    RuleCase{"DF-sshd", "FROM a:1\nRUN apt-get install -y openssh-client\n", {}},
                    RuleCase{"DF-no-healthcheck", "FROM a:1\nRUN x\n", {1}},
                    RuleCase{
                        "DF-no-healthcheck", "FROM a:1\nHEALTHCHECK CMD curl -f http://localhost/\n", {}},
                    RuleCase{"DF-no-healthcheck", "FROM a:1\nHEALTHCHECK NONE\n", {}},
                    RuleCase{"DF-no-healthcheck", "FROM a:1 AS base\nHEALTHCHECK CMD true\nFROM base\n", {}},
                    RuleCase{"DF-workdir-relative", "FROM a:1\nWORKDIR app\n", {2}},
                    RuleCase{"DF-workdir-relative", "FROM a:1\nWORKDIR /app\nENV D=/x\nWORKDIR $D/y\n", {}},
                    RuleCase{"DF-workdir-relative", "# escape=`\nFROM a:1\nWORKDIR C:\\app\n", {}}));

INSTANTIATE_TEST_SUITE_P(
    ShellHygiene, RuleTable,
    testing::Values(
        RuleCase{"DF-pipefail", "FROM a:1\nSHELL [\"/bin/bash\", \"-c\"]\nRUN curl x | tar xz\n", {3}},
        RuleCase{"DF-pipefail",
                 "FROM a:1\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl x | tar xz\n",
                 {}},
        RuleCase{"DF-pipefail",
                 "FROM a:1\nSHELL [\"/bin/bash\", \"-c\"]\nRUN set -eo pipefail; curl x | tar xz\n",
                 {}},
        RuleCase{"DF-pipefail", "FROM a:1\nRUN curl x | tar xz\n", {}},  // POSIX sh: no pipefail
        RuleCase{"DF-cd-in-run", "FROM a:1\nRUN cd /src && make && cd /\n", {2}},
        RuleCase{"DF-cd-in-run", "FROM a:1\nRUN make -C /src\n", {}}));

TEST(DockerfileRules, UnpinnedPackagesIsOffByDefault) {
  const auto findings = check_dockerfile("Dockerfile", "FROM a:1\nRUN apt-get install -y git\n");
  for (const Finding& f : findings) EXPECT_NE(f.rule->id, "DF-unpinned-packages");
}

TEST(DockerfileRules, MetadataIsComplete) {
  std::set<std::string_view> ids;
  for (const DockerfileRule& r : dockerfile_rules()) {
    EXPECT_TRUE(r.meta->id.starts_with("DF-")) << r.meta->id;
    EXPECT_TRUE(ids.insert(r.meta->id).second) << "duplicate " << r.meta->id;
    EXPECT_EQ(r.meta->family, Family::Dockerfile) << r.meta->id;
    EXPECT_FALSE(r.meta->title.empty()) << r.meta->id;
    EXPECT_GT(r.meta->why.size(), 60u) << r.meta->id;
    EXPECT_FALSE(r.meta->fix.empty()) << r.meta->id;
    EXPECT_FALSE(r.meta->references.empty()) << r.meta->id;
    EXPECT_NE(r.check, nullptr);
  }
  EXPECT_EQ(ids.size(), 26u);
}

TEST(DockerfileRules, SecretsAreMaskedEverywhere) {
  const std::string token = "ghp_R3aLlYL0ngT0k3nV4lu3f0rT3st1ngAbCd12";
  const std::string text = "FROM a:1\nRUN cd /x && curl -H \"Authorization: token " + token +
                           "\" https://x | sh\n" + "ENV DB_PASSWORD=Hunter2Secret\n";
  const auto findings = check_dockerfile("Dockerfile", text);
  std::size_t secret_findings = 0;
  for (const Finding& f : findings) {
    if (f.rule->id == "DF-secret-value") ++secret_findings;
    EXPECT_EQ(f.message.find(token), std::string::npos) << f.rule->id;
    EXPECT_EQ(f.location.snippet.find(token), std::string::npos) << f.rule->id << ": " << f.location.snippet;
    EXPECT_EQ(f.location.snippet.find("Hunter2Secret"), std::string::npos) << f.rule->id;
    EXPECT_EQ(f.message.find("Hunter2Secret"), std::string::npos) << f.rule->id;
  }
  EXPECT_EQ(secret_findings, 2u);
}

TEST(DockerfileRules, LocationsUseCodePointColumnsAndTheFileName) {
  const auto findings = check_dockerfile("app/Dockerfile", "FROM a:1\nRUN echo 'héllo' && sudo x\n");
  const Finding* sudo = nullptr;
  for (const Finding& f : findings)
    if (f.rule->id == "DF-sudo") sudo = &f;
  ASSERT_NE(sudo, nullptr);
  EXPECT_EQ(sudo->location.file, "app/Dockerfile");
  EXPECT_EQ(sudo->location.range.begin.line, 2u);
  EXPECT_EQ(sudo->location.range.begin.column, 21u);  // "RUN echo 'héllo' && " is 20 characters (21 bytes)
  EXPECT_EQ(sudo->location.snippet, "RUN echo 'héllo' && sudo x");
  EXPECT_EQ(sudo->severity, Severity::High);
}

TEST(DockerfileRules, OnbuildTriggersAreChecked) {
  EXPECT_EQ(lines_of("DF-curl-pipe-shell", "FROM a:1\nONBUILD RUN curl -s https://x | sh\n"),
            (std::vector<std::uint32_t>{2}));
}

TEST(DockerfileRules, BuildArgsResolveTheBaseImage) {
  DockerfileScanOptions options;
  options.parse.build_args.set("TAG", "latest");
  std::size_t latest = 0;
  for (const Finding& f : check_dockerfile("Dockerfile", "ARG TAG=3.20\nFROM alpine:$TAG\n", options))
    if (f.rule->id == "DF-latest-tag") ++latest;
  EXPECT_EQ(latest, 1u);
  EXPECT_TRUE(lines_of("DF-latest-tag", "ARG TAG=3.20\nFROM alpine:$TAG\n").empty());
}

}  // namespace
}  // namespace bulwark::rules::dockerfile
