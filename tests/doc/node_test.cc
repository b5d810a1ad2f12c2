#include "doc/node.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "doc/document.h"

namespace bulwark::doc {
namespace {

// Names each in memory of its own exactly its size, so that a lookup reading past a name's end is
// caught by the address sanitizer.
struct Names {
  std::vector<std::unique_ptr<char[]>> memory;
  std::string_view add(std::string_view name) {
    memory.push_back(std::make_unique<char[]>(name.size()));
    std::copy(name.begin(), name.end(), memory.back().get());
    return {memory.back().get(), name.size()};
  }
};

TEST(NodeEntry, FindsTheNameThatIsEqualAtEveryLengthAndNotOneThatDiffersInOneByte) {
  Document doc("t.json", 0, std::string(), 1);
  NodeFactory factory(doc.arena());
  for (std::size_t size = 0; size <= 40; ++size) {
    // The name, and names of its length that differ from it in one byte (at each place), and
    // names one byte shorter and longer; in both orders.
    const std::string target(size, 'k');
    std::vector<std::string> others;
    for (std::size_t at = 0; at < size; ++at) {
      std::string other = target;
      other[at] = 'q';
      others.push_back(other);
    }
    if (size > 0) others.push_back(target.substr(1));
    others.push_back(target + "k");
    for (const bool target_first : {true, false}) {
      Names names;
      std::vector<MapEntry> entries;
      auto add = [&](const std::string& name) {
        const std::string_view stored = names.add(name);
        entries.push_back({stored, factory.string_in_text({}, stored, ScalarStyle::Json),
                           factory.string({}, "value of " + name, ScalarStyle::Json)});
      };
      if (target_first) add(target);
      for (const std::string& other : others) add(other);
      if (!target_first) add(target);
      const Node* mapping = factory.mapping({}, entries, true);
      const MapEntry* found = mapping->entry(target);
      ASSERT_NE(found, nullptr) << size;
      EXPECT_EQ(found->name, target) << size;
      EXPECT_EQ(mapping->get(target)->text(), "value of " + target) << size;
      for (const std::string& other : others) {
        const MapEntry* e = mapping->entry(other);
        ASSERT_NE(e, nullptr) << size << " " << other;
        EXPECT_EQ(e->name, other) << size;
      }
      std::string absent = target + "kk";
      EXPECT_EQ(mapping->entry(absent), nullptr) << size;
      if (size > 0) {
        absent = target;
        absent[size / 2] = 'z';
        EXPECT_EQ(mapping->get(absent), nullptr) << size;
      }
    }
  }
}

TEST(NodeEntry, OnlyMappingsHaveEntries) {
  Document doc("t.json", 0, std::string(), 1);
  NodeFactory factory(doc.arena());
  const Node* item = factory.string({}, "name", ScalarStyle::Json);
  const Node* sequence = factory.sequence({}, std::vector<const Node*>{item}, true);
  EXPECT_EQ(sequence->get("name"), nullptr);
  EXPECT_EQ(item->get("name"), nullptr);
  EXPECT_EQ(factory.mapping({}, {}, true)->get("name"), nullptr);
}

// find() follows a dotted path one mapping key at a time: an empty segment is the empty key, a
// trailing dot adds nothing, and the first miss ends it.
TEST(NodeFind, FollowsEachSegment) {
  Document doc("t.json", 0, std::string(), 1);
  NodeFactory factory(doc.arena());
  auto entry = [&](std::string_view name, const Node* value) {
    return MapEntry{name, factory.string({}, name, ScalarStyle::Json), value};
  };
  const Node* leaf = factory.string({}, "leaf", ScalarStyle::Json);
  const Node* empty_key = factory.mapping({}, std::vector<MapEntry>{entry("b", leaf)}, true);
  const Node* inner =
      factory.mapping({}, std::vector<MapEntry>{entry("", empty_key), entry("b", leaf)}, true);
  const Node* root = factory.mapping({}, std::vector<MapEntry>{entry("a", inner), entry("", inner)}, true);
  EXPECT_EQ(root->find(""), root);
  EXPECT_EQ(root->find("a"), inner);
  EXPECT_EQ(root->find("a."), inner);
  EXPECT_EQ(root->find("a.b"), leaf);
  EXPECT_EQ(root->find("a..b"), leaf);
  EXPECT_EQ(root->find("..b"), leaf);
  EXPECT_EQ(root->find("a.."), empty_key);
  EXPECT_EQ(root->find(".b"), leaf);
  EXPECT_EQ(root->find("."), inner);
  EXPECT_EQ(root->find("a.c.b"), nullptr);
  EXPECT_EQ(root->find("a.b.c"), nullptr);
  EXPECT_EQ(root->find("x"), nullptr);
}

}  // namespace
}  // namespace bulwark::doc
