#include "doc/mapping_assembler.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace bulwark::doc {
namespace {

std::vector<MapEntry> entries_named(const std::vector<std::string>& names) {
  std::vector<MapEntry> out;
  for (const std::string& n : names) out.push_back(MapEntry{n, nullptr, nullptr});
  return out;
}

bool repeats(const std::vector<std::string>& names) {
  return std::set<std::string>(names.begin(), names.end()).size() != names.size();
}

TEST(HasDuplicateName, AgreesWithASetAtEverySizeAndPlace) {
  // Names alike in length and in first and last byte ("k000k", "k001k", ...) share their quick
  // hash, so only the exact comparison tells them apart; "" and one-byte names are edge cases.
  auto name = [](std::size_t i) {
    if (i == 0) return std::string();
    if (i == 1) return std::string("k");
    return "k" + std::to_string(1000 + i) + "k";
  };
  for (std::size_t size = 0; size <= 40; ++size) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < size; ++i) names.push_back(name(i));
    ASSERT_FALSE(has_duplicate_name(entries_named(names))) << size;
    for (std::size_t i = 0; i < size; ++i)
      for (std::size_t j = i + 1; j < size; ++j) {
        std::vector<std::string> with_repeat = names;
        with_repeat[j] = with_repeat[i];
        ASSERT_EQ(has_duplicate_name(entries_named(with_repeat)), repeats(with_repeat))
            << size << " " << i << " " << j;
        ASSERT_TRUE(has_duplicate_name(entries_named(with_repeat)));
      }
  }
}

}  // namespace
}  // namespace bulwark::doc
