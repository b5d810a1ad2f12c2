#include "image/filesystem.h"

#include <gtest/gtest.h>

namespace bulwark::image {
namespace {

LayerEntry entry(std::string path, EntryType type = EntryType::Regular, std::uint32_t mode = 0644,
                 std::string link = "") {
  LayerEntry e;
  e.path = std::move(path);
  e.type = type;
  e.mode = mode;
  e.link_target = std::move(link);
  return e;
}

Filesystem build(std::vector<std::vector<LayerEntry>> layers) {
  FilesystemBuilder builder;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    auto ok = builder.apply(static_cast<std::uint32_t>(i), std::move(layers[i]), "layer");
    EXPECT_TRUE(ok) << ok.error().message;
  }
  return std::move(builder).finish();
}

TEST(Filesystem, LaterLayersOverrideAndRecordTheirLayer) {
  auto fs = build({{entry("/etc", EntryType::Directory, 0755), entry("/etc/passwd")},
                   {entry("/etc/passwd", EntryType::Regular, 0600)}});
  ASSERT_NE(fs.find("/etc/passwd"), nullptr);
  EXPECT_EQ(fs.find("/etc/passwd")->mode, 0600u);
  EXPECT_EQ(fs.find("/etc/passwd")->layer, 1u);
  EXPECT_EQ(fs.find("/etc")->layer, 0u);
  ASSERT_EQ(fs.removed().size(), 1u);
  EXPECT_EQ(fs.removed()[0].how, Removal::Replaced);
  EXPECT_EQ(fs.removed()[0].file.layer, 0u);
}

TEST(Filesystem, WhiteoutHidesFileAndSubtreeButKeepsTheRecord) {
  auto fs = build({{entry("/root", EntryType::Directory), entry("/root/.ssh", EntryType::Directory),
                    entry("/root/.ssh/id_rsa", EntryType::Regular, 0600), entry("/app.env")},
                   {entry("/root/.ssh", EntryType::Whiteout), entry("/app.env", EntryType::Whiteout)}});
  EXPECT_EQ(fs.find("/root/.ssh"), nullptr);
  EXPECT_EQ(fs.find("/root/.ssh/id_rsa"), nullptr);
  EXPECT_EQ(fs.find("/app.env"), nullptr);
  ASSERT_NE(fs.find("/root"), nullptr);
  // Directories are not recorded; the two files are, with the layer that added and the one that hid them.
  ASSERT_EQ(fs.removed().size(), 2u);
  for (const RemovedFile& r : fs.removed()) {
    EXPECT_EQ(r.file.layer, 0u);
    EXPECT_EQ(r.removed_by, 1u);
    EXPECT_EQ(r.how, Removal::Whiteout);
  }
}

TEST(Filesystem, WhiteoutOnlyAffectsLowerLayers) {
  // A whiteout and a new file of the same name in one layer: the new file wins (order in tar irrelevant).
  auto fs = build({{entry("/a")}, {entry("/a", EntryType::Regular, 0700), entry("/a", EntryType::Whiteout)}});
  ASSERT_NE(fs.find("/a"), nullptr);
  EXPECT_EQ(fs.find("/a")->mode, 0700u);
}

TEST(Filesystem, OpaqueDirectoryHidesLowerChildrenOnly) {
  auto fs = build({{entry("/var", EntryType::Directory), entry("/var/lib", EntryType::Directory),
                    entry("/var/lib/old"), entry("/var2")},
                   {entry("/var/lib", EntryType::OpaqueWhiteout), entry("/var/lib/new")}});
  EXPECT_NE(fs.find("/var/lib"), nullptr);
  EXPECT_EQ(fs.find("/var/lib/old"), nullptr);
  EXPECT_NE(fs.find("/var/lib/new"), nullptr);
  EXPECT_NE(fs.find("/var2"), nullptr);
  ASSERT_EQ(fs.removed().size(), 1u);
  EXPECT_EQ(fs.removed()[0].how, Removal::OpaqueDirectory);
}

TEST(Filesystem, PrefixSiblingsAreNotChildren) {
  auto fs = build({{entry("/a", EntryType::Directory), entry("/a/x"), entry("/a-b"), entry("/a.b")},
                   {entry("/a", EntryType::Whiteout)}});
  EXPECT_EQ(fs.find("/a/x"), nullptr);
  EXPECT_NE(fs.find("/a-b"), nullptr);
  EXPECT_NE(fs.find("/a.b"), nullptr);
}

TEST(Filesystem, FileReplacingDirectoryHidesItsChildren) {
  auto fs = build({{entry("/opt", EntryType::Directory), entry("/opt/tool")}, {entry("/opt")}});
  EXPECT_EQ(fs.find("/opt")->type, EntryType::Regular);
  EXPECT_EQ(fs.find("/opt/tool"), nullptr);
}

TEST(Filesystem, HardLinkTakesTargetInode) {
  auto fs = build({{entry("/usr/bin/sudo", EntryType::Regular, 04755)},
                   {entry("/usr/bin/sudoedit", EntryType::HardLink, 0644, "/usr/bin/sudo")}});
  const FileInfo* link = fs.find("/usr/bin/sudoedit");
  ASSERT_NE(link, nullptr);
  EXPECT_TRUE(link->hard_link);
  EXPECT_TRUE(link->setuid());
  EXPECT_EQ(link->type, EntryType::Regular);
  EXPECT_EQ(link->layer, 1u);
}

TEST(Filesystem, HardLinkToNothingIsAnError) {
  FilesystemBuilder builder;
  auto ok = builder.apply(0, {entry("/x", EntryType::HardLink, 0644, "/missing")}, "layer 0");
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().kind, ImageErrorKind::HardLinkOutsideTree);
}

TEST(Filesystem, ResolveFollowsSymlinksInsideTheRoot) {
  auto fs = build(
      {{entry("/usr", EntryType::Directory), entry("/usr/bin", EntryType::Directory),
        entry("/usr/bin/su", EntryType::Regular, 04755), entry("/bin", EntryType::Symlink, 0777, "usr/bin"),
        entry("/usr/sbin", EntryType::Symlink, 0777, "../../../../bin"),
        entry("/abs", EntryType::Symlink, 0777, "/usr/bin/su")}});
  auto su = fs.resolve("/bin/su");
  ASSERT_TRUE(su);
  ASSERT_NE(*su, nullptr);
  EXPECT_EQ((*su)->path, "/usr/bin/su");
  // ".." stops at the root, like a chroot.
  auto escaped = fs.resolve("/usr/sbin/su");
  ASSERT_TRUE(escaped);
  ASSERT_NE(*escaped, nullptr);
  EXPECT_EQ((*escaped)->path, "/usr/bin/su");
  EXPECT_EQ((*fs.resolve("/abs"))->path, "/usr/bin/su");
  EXPECT_EQ(*fs.resolve("/bin/missing"), nullptr);
  EXPECT_EQ(*fs.resolve("/usr/bin/su/x"), nullptr);
}

TEST(Filesystem, SymlinkLoopIsAnError) {
  auto fs = build({{entry("/a", EntryType::Symlink, 0777, "b"), entry("/b", EntryType::Symlink, 0777, "/a"),
                    entry("/self", EntryType::Symlink, 0777, "self/x")}});
  auto loop = fs.resolve("/a");
  ASSERT_FALSE(loop);
  EXPECT_EQ(loop.error().kind, ImageErrorKind::SymlinkLoop);
  EXPECT_EQ(fs.resolve("/self").error().kind, ImageErrorKind::SymlinkLoop);
}

}  // namespace
}  // namespace bulwark::image
