#include "engine/input.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "engine/directory_listing.h"

namespace bulwark::engine {
namespace {

namespace fs = std::filesystem;

class InputDiscovery : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("bulwark-input-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    for (const char* f :
         {"b.yaml", "a.yml", "c.json", "notes.txt", "Dockerfile", "svc/Containerfile", "svc/api.dockerfile",
          "svc/deploy.yaml", ".git/config.yaml", "node_modules/x.yaml", "vendor/y.yaml", "img/index.json"}) {
      fs::create_directories((root_ / f).parent_path());
      std::ofstream(root_ / f) << "x";
    }
    fs::create_directories(root_ / "img" / "blobs");
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

TEST_F(InputDiscovery, WalksSortedAndSkipsVendorFolders) {
  const InputList list = discover_inputs({root_.string()});
  std::vector<std::string> names;
  for (const Input& i : list.inputs) names.push_back(fs::relative(i.path, root_).string());
  EXPECT_EQ(names, (std::vector<std::string>{"Dockerfile", "a.yml", "b.yaml", "c.json", "img",
                                             "svc/Containerfile", "svc/api.dockerfile", "svc/deploy.yaml"}));
  EXPECT_EQ(list.inputs[0].kind, InputKind::Dockerfile);
  EXPECT_EQ(list.inputs[4].kind, InputKind::ImageLayout);
}

TEST_F(InputDiscovery, ExplicitFilesAndErrors) {
  const InputList list =
      discover_inputs({(root_ / "notes.txt").string(), "-", (root_ / "missing.yaml").string()});
  ASSERT_EQ(list.inputs.size(), 2u);
  EXPECT_EQ(list.inputs[0].kind, InputKind::Manifest);
  EXPECT_EQ(list.inputs[1].kind, InputKind::StandardInput);
  ASSERT_EQ(list.errors.size(), 1u);
  EXPECT_EQ(list.errors[0].message, "no such file or directory");
}

// File kinds follow std::filesystem's extension rules (a leading dot starts no extension) and names are
// listed in byte order, whatever order the directory returns them in.
TEST_F(InputDiscovery, KindsByExtensionAndByteOrderedNames) {
  const fs::path dir = root_ / "more";
  fs::create_directories(dir);
  for (const char* f : {"z.tar", ".yaml", "a.b.yml", "a", "a-b.json", "a.json", "B.YAML", "x.Dockerfile"})
    std::ofstream(dir / f) << "x";
  const InputList list = discover_inputs({dir.string()});
  std::vector<std::pair<std::string, InputKind>> got;
  for (const Input& i : list.inputs) got.emplace_back(fs::path(i.path).filename().string(), i.kind);
  EXPECT_EQ(got, (std::vector<std::pair<std::string, InputKind>>{{"a-b.json", InputKind::Manifest},
                                                                 {"a.b.yml", InputKind::Manifest},
                                                                 {"a.json", InputKind::Manifest},
                                                                 {"x.Dockerfile", InputKind::Dockerfile},
                                                                 {"z.tar", InputKind::ImageArchive}}));
}

// Links: a linked file is scanned, a linked directory is not entered (a link to an ancestor would
// loop), a dangling link and a FIFO are nothing; a trailing slash does not double in the paths.
TEST_F(InputDiscovery, LinksFifosAndTrailingSlashes) {
  const fs::path dir = root_ / "links";
  fs::create_directories(dir / "real");
  std::ofstream(dir / "real" / "inner.yaml") << "x";
  std::ofstream(dir / "target.yaml") << "x";
  fs::create_symlink(dir / "target.yaml", dir / "linked.yaml");
  fs::create_directory_symlink(dir, dir / "loop");
  fs::create_directory_symlink(dir / "real", dir / "real-link");
  fs::create_symlink(dir / "missing.yaml", dir / "dangling.yaml");
  ASSERT_EQ(::mkfifo((dir / "pipe.yaml").c_str(), 0600), 0);

  auto listing = list_directory(dir.string());
  ASSERT_TRUE(listing);
  std::vector<std::pair<std::string, DirectoryEntry::Type>> got;
  for (const DirectoryEntry& e : *listing) got.emplace_back(e.name, e.type);
  using T = DirectoryEntry::Type;
  EXPECT_EQ(got, (std::vector<std::pair<std::string, T>>{{"dangling.yaml", T::Other},
                                                         {"linked.yaml", T::File},
                                                         {"loop", T::LinkedDirectory},
                                                         {"pipe.yaml", T::Other},
                                                         {"real", T::Directory},
                                                         {"real-link", T::LinkedDirectory},
                                                         {"target.yaml", T::File}}));

  const InputList list = discover_inputs({dir.string() + "/"});
  std::vector<std::string> paths;
  for (const Input& i : list.inputs) paths.push_back(i.path);
  EXPECT_EQ(paths, (std::vector<std::string>{dir.string() + "/linked.yaml", dir.string() + "/real/inner.yaml",
                                             dir.string() + "/target.yaml"}));
  EXPECT_TRUE(list.errors.empty());
}

TEST(DirectoryListing, ReportsWhyADirectoryCannotBeRead) {
  auto missing = list_directory("/nonexistent-bulwark-dir");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(), "No such file or directory");
  EXPECT_EQ(join_path("a", "b"), "a/b");
  EXPECT_EQ(join_path("a/", "b"), "a/b");
  EXPECT_EQ(join_path("/", "b"), "/b");
}

TEST(DockerfileNames, RecognisesConventionalNames) {
  for (const char* n : {"Dockerfile", "dockerfile", "Containerfile", "Dockerfile.prod", "api.Dockerfile",
                        "DOCKERFILE", "containerFile.dev", "web.ContainerFile"})
    EXPECT_TRUE(is_dockerfile_name(n)) << n;
  for (const char* n :
       {"Dockerfile-notes.md", "docker-compose.yaml", "README", "dockerfile2", ".dockerfilex", ""})
    EXPECT_FALSE(is_dockerfile_name(n)) << n;
}

}  // namespace
}  // namespace bulwark::engine
