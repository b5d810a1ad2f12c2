#include <gtest/gtest.h>

#include <algorithm>

#include "rules/image/image_rule.h"
#include "test_archive_builder.h"

namespace bulwark::rules::image {
namespace {

namespace t = bulwark::image::testing;

constexpr const char* kPrivateKey =
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
    "QyNTUxOQAAACBkQm9ndXNLZXlGb3JUZXN0c09ubHlOb3RSZWFsAAAAAAAAAAAAAAAAAAAA\n"
    "-----END OPENSSH PRIVATE KEY-----\n";
// A GitHub personal access token shape (ghp_ + 36 alphanumerics); not a real token.
constexpr const char* kGithubToken = "ghp_Zq8rT2mVx7LkP3nW9sYc4Hb6Jd1Fg5Qe0Ua2";

// A clean base: non-root user, health check, no setuid, sticky /tmp.
t::TestImage clean_image() {
  t::TestImage image;
  image.user = "10001";
  image.healthcheck = {"CMD", "/app/health"};
  image.env = {"PATH=/usr/local/bin:/usr/bin:/bin"};
  image.add_layer({t::dir("usr/bin"), t::symlink("bin", "usr/bin"), t::file("usr/bin/app", "ELF", 0755),
                   t::dir("tmp", 01777), t::file("etc/app.conf", "log_level=info\n")});
  return image;
}

std::vector<Finding> scan(const t::TestImage& image, const std::string& tag = "example/app:1.0") {
  const std::string path = t::temp_dir("img") + "/image.tar";
  t::write_docker_archive(image, path, tag);
  img::ReadOptions options;
  options.keep_content = wants_content;
  auto read = img::read_image(path, options);
  EXPECT_TRUE(read) << read.error().message;
  if (!read) return {};
  return check_image(*read);
}

// Copies, so a call on a temporary scan() result stays valid.
std::vector<Finding> with_rule(const std::vector<Finding>& findings, std::string_view id) {
  std::vector<Finding> out;
  for (const Finding& f : findings)
    if (f.rule->id == id) out.push_back(f);
  return out;
}

TEST(ImageRules, CleanImageHasNoFindings) {
  const auto findings = scan(clean_image());
  for (const Finding& f : findings) ADD_FAILURE() << f.rule->id << ": " << f.message;
}

TEST(ImageRules, EveryRuleHasCompleteMetadata) {
  ASSERT_EQ(image_rules().size(), 10u);
  for (const ImageRule& r : image_rules()) {
    EXPECT_TRUE(r.meta->id.starts_with("IMG-")) << r.meta->id;
    EXPECT_EQ(r.meta->family, Family::Image);
    EXPECT_FALSE(r.meta->title.empty());
    EXPECT_FALSE(r.meta->why.empty());
    EXPECT_FALSE(r.meta->fix.empty());
    EXPECT_FALSE(r.meta->references.empty());
  }
}

TEST(ImageRules, RootUser) {
  for (const char* user : {"", "root", "0", "0:0", "root:root"}) {
    t::TestImage image = clean_image();
    image.user = user;
    const auto found = with_rule(scan(image), "IMG-root-user");
    ASSERT_EQ(found.size(), 1u) << "User=\"" << user << "\"";
    EXPECT_EQ(found[0].field_path, "config.User");
    EXPECT_EQ(found[0].object, "image example/app:1.0");
  }
  for (const char* user : {"app", "1000", "1000:0", "nobody"}) {
    t::TestImage image = clean_image();
    image.user = user;
    EXPECT_TRUE(with_rule(scan(image), "IMG-root-user").empty()) << user;
  }
}

TEST(ImageRules, PrivilegeToolsFollowSymlinksAndNeedSetuidForSu) {
  t::TestImage image = clean_image();
  image.history = {"base", "/bin/sh -c apt-get install -y sudo policykit-1"};
  image.add_layer({t::file("usr/bin/sudo", "ELF", 04755), t::file("usr/bin/pkexec", "ELF", 04755),
                   t::file("usr/bin/su", "ELF", 0755), t::symlink("usr/sbin", "../bin")});
  const auto found = with_rule(scan(image), "IMG-privilege-tools");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].field_path, "/usr/bin/sudo");
  EXPECT_EQ(found[1].field_path, "/usr/bin/pkexec");
  EXPECT_NE(found[0].location.snippet.find("layer 1 (sha256:"), std::string::npos)
      << found[0].location.snippet;
  EXPECT_NE(found[0].location.snippet.find("apt-get install -y sudo"), std::string::npos);
  EXPECT_NE(found[0].message.find("setuid root"), std::string::npos);

  t::TestImage with_su = clean_image();
  with_su.add_layer({t::file("usr/bin/su", "ELF", 04755)});
  const auto su = with_rule(scan(with_su), "IMG-privilege-tools");
  ASSERT_EQ(su.size(), 1u);
  EXPECT_EQ(su[0].field_path, "/usr/bin/su");
}

TEST(ImageRules, SetuidAndSetgidFilesAreListedWithTheirLayer) {
  t::TestImage image = clean_image();
  image.add_layer({t::file("usr/bin/passwd", "ELF", 04755), t::file("usr/bin/wall", "ELF", 02755),
                   t::file("usr/bin/plain", "ELF", 0755)});
  image.add_layer({t::file("usr/bin/newgrp", "ELF", 06755)});
  const auto found = with_rule(scan(image), "IMG-setuid-file");
  ASSERT_EQ(found.size(), 3u);
  std::vector<std::string> paths;
  for (const Finding& f : found) paths.push_back(f.field_path);
  std::sort(paths.begin(), paths.end());
  EXPECT_EQ(paths, (std::vector<std::string>{"/usr/bin/newgrp", "/usr/bin/passwd", "/usr/bin/wall"}));
  for (const Finding& f : found) {
    if (f.field_path == "/usr/bin/newgrp") {
      EXPECT_NE(f.message.find("setuid and setgid"), std::string::npos);
      EXPECT_NE(f.message.find("6755"), std::string::npos);
      EXPECT_NE(f.location.snippet.find("layer 2"), std::string::npos);
    }
  }
}

TEST(ImageRules, SetuidFileRemovedByALaterLayerIsNotReported) {
  t::TestImage image = clean_image();
  image.add_layer({t::file("usr/bin/chfn", "ELF", 04755)});
  image.add_layer({t::file("usr/bin/.wh.chfn", "")});
  EXPECT_TRUE(with_rule(scan(image), "IMG-setuid-file").empty());
}

TEST(ImageRules, WorldWritableDirectoriesWithoutSticky) {
  t::TestImage image = clean_image();
  image.add_layer({t::dir("var/shared", 0777), t::dir("var/tmp", 01777), t::dir("data", 0775)});
  const auto found = with_rule(scan(image), "IMG-world-writable-dir");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].field_path, "/var/shared");
}

TEST(ImageRules, SecretFileDeletedInALaterLayerIsStillReported) {
  t::TestImage image = clean_image();
  image.history = {"base", "COPY id_rsa /root/.ssh/id_rsa", "RUN rm /root/.ssh/id_rsa"};
  image.add_layer({t::dir("root/.ssh", 0700), t::file("root/.ssh/id_rsa", kPrivateKey, 0600)});
  image.add_layer({t::file("root/.ssh/.wh.id_rsa", "")});
  const auto findings = scan(image);
  const auto found = with_rule(findings, "IMG-secret-file");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].field_path, "/root/.ssh/id_rsa");
  EXPECT_NE(found[0].message.find("deleted in layer 2"), std::string::npos) << found[0].message;
  EXPECT_NE(found[0].location.snippet.find("layer 1 (sha256:"), std::string::npos);
  // The key itself never appears in any output.
  for (const Finding& f : findings) {
    EXPECT_EQ(f.message.find("b3BlbnNzaC1rZXktdjEAAAAA"), std::string::npos);
    EXPECT_EQ(f.location.snippet.find("b3BlbnNzaC1rZXktdjEAAAAA"), std::string::npos);
  }
}

TEST(ImageRules, SecretInVisibleFile) {
  t::TestImage image = clean_image();
  image.add_layer({t::file("app/.env", std::string("GITHUB_TOKEN=") + kGithubToken + "\n"),
                   t::file("usr/share/doc/readme.txt", std::string("example ") + kGithubToken)});
  const auto found = with_rule(scan(image), "IMG-secret-file");
  ASSERT_EQ(found.size(), 1u);  // /usr/share is documentation: its content is not kept
  EXPECT_EQ(found[0].field_path, "/app/.env");
  EXPECT_EQ(found[0].message.find(kGithubToken), std::string::npos);
}

TEST(ImageRules, SecretInEnv) {
  t::TestImage image = clean_image();
  image.env = {"PATH=/usr/bin", std::string("GITHUB_TOKEN=") + kGithubToken, "DB_PASSWORD=changeme"};
  const auto found = with_rule(scan(image), "IMG-secret-env");
  ASSERT_EQ(found.size(), 1u);  // "changeme" is a placeholder
  EXPECT_EQ(found[0].field_path, "config.Env.GITHUB_TOKEN");
  EXPECT_EQ(found[0].message.find(kGithubToken), std::string::npos);
}

TEST(ImageRules, SecretInHistoryBuildArgs) {
  t::TestImage image = clean_image();
  image.history = {std::string("RUN |1 GH_TOKEN=") + kGithubToken + " /bin/sh -c make"};
  const auto found = with_rule(scan(image), "IMG-secret-history");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].message.find("build argument GH_TOKEN"), std::string::npos) << found[0].message;
  EXPECT_EQ(found[0].message.find(kGithubToken), std::string::npos);
  EXPECT_EQ(found[0].location.snippet.find(kGithubToken), std::string::npos);
  EXPECT_NE(found[0].location.snippet.find("/bin/sh -c make"), std::string::npos);
}

TEST(ImageRules, ExposeSshAndHealthcheck) {
  t::TestImage image = clean_image();
  image.exposed_ports = {"22/tcp", "8080/tcp"};
  image.healthcheck = {};
  const auto findings = scan(image);
  ASSERT_EQ(with_rule(findings, "IMG-expose-ssh").size(), 1u);
  ASSERT_EQ(with_rule(findings, "IMG-no-healthcheck").size(), 1u);
  EXPECT_EQ(with_rule(findings, "IMG-no-healthcheck")[0].severity, Severity::Info);
  t::TestImage disabled = clean_image();
  disabled.healthcheck = {"NONE"};
  ASSERT_EQ(with_rule(scan(disabled), "IMG-no-healthcheck").size(), 1u);
}

TEST(ImageRules, ShellInAnImageThatClaimsToBeDistroless) {
  t::TestImage image = clean_image();
  image.add_layer({t::file("usr/bin/busybox", "ELF", 0755), t::symlink("usr/bin/sh", "busybox")});
  EXPECT_TRUE(with_rule(scan(image, "example/app:1.0"), "IMG-shell-in-minimal").empty());
  const auto found = with_rule(scan(image, "gcr.io/distroless/base:debug"), "IMG-shell-in-minimal");
  ASSERT_EQ(found.size(), 1u);  // sh and busybox are the same file
  EXPECT_EQ(found[0].field_path, "/usr/bin/busybox");

  // The distroless package layout (status.d without status) is a claim too.
  t::TestImage layout = clean_image();
  layout.add_layer({t::file("var/lib/dpkg/status.d/base", "Package: base-files\nVersion: 12\n"),
                    t::file("usr/bin/dpkg", "ELF", 0755)});
  ASSERT_EQ(with_rule(scan(layout), "IMG-shell-in-minimal").size(), 1u);
}

TEST(ImageRules, WantsContentSelectsCandidates) {
  EXPECT_TRUE(wants_content("/var/lib/dpkg/status", 5u << 20));
  EXPECT_TRUE(wants_content("/root/.ssh/id_ed25519", 400));
  EXPECT_TRUE(wants_content("/home/app/.npmrc", 100));
  EXPECT_TRUE(wants_content("/app/config/settings.yaml", 100));
  EXPECT_TRUE(wants_content("/etc/ssl/private/server.key", 1700));
  EXPECT_FALSE(wants_content("/usr/share/doc/bash/README.txt", 100));
  EXPECT_FALSE(wants_content("/app/node_modules/x/package.json", 100));
  EXPECT_FALSE(wants_content("/usr/bin/bash", 100));
  EXPECT_FALSE(wants_content("/app/big.json", 10u << 20));
}

}  // namespace
}  // namespace bulwark::rules::image
