// Replays every input a fuzzer failed on, and every seed, through the fuzz target that found it.
// A target checks its own invariants (a broken one aborts the process, which ctest reports as a
// failure); the input being fed is printed first so the log names it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <string>
#include <vector>

#define FUZZ_ENTRY(target) extern "C" int fuzz_entry_##target(const uint8_t* data, size_t size);
FUZZ_ENTRY(yaml_loader)
FUZZ_ENTRY(json_loader)
FUZZ_ENTRY(scan_document)
FUZZ_ENTRY(dockerfile)
FUZZ_ENTRY(cel)
FUZZ_ENTRY(image_archive)
FUZZ_ENTRY(admission_review)
FUZZ_ENTRY(fix)
#undef FUZZ_ENTRY

namespace {

namespace fs = std::filesystem;
using Entry = int (*)(const uint8_t*, size_t);

struct Target {
  const char* name;
  Entry entry;
};

const Target kTargets[] = {
    {"yaml_loader", fuzz_entry_yaml_loader},
    {"json_loader", fuzz_entry_json_loader},
    {"scan_document", fuzz_entry_scan_document},
    {"dockerfile", fuzz_entry_dockerfile},
    {"cel", fuzz_entry_cel},
    {"image_archive", fuzz_entry_image_archive},
    {"admission_review", fuzz_entry_admission_review},
    {"fix", fuzz_entry_fix},
};

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::is_directory(dir)) return files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().filename() != "README.md") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Feeds each file of `dir` to the target; returns how many.
std::size_t replay(const Target& target, const fs::path& dir) {
  std::size_t n = 0;
  for (const fs::path& file : files_in(dir)) {
    const std::string bytes = read_bytes(file);
    std::fprintf(stderr, "%s <- %s\n", target.name, file.c_str());
    EXPECT_EQ(target.entry(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()), 0) << file;
    ++n;
  }
  return n;
}

// Names the target in test output instead of its bytes.
void PrintTo(const Target& target, std::ostream* os) {
  *os << target.name;
}

class Regressions : public ::testing::TestWithParam<Target> {};

// Inputs that once crashed, leaked, hung or broke an invariant.
TEST_P(Regressions, FailedInputsNowPass) {
  replay(GetParam(), fs::path(BULWARK_SOURCE_DIR) / "tests/regressions" / GetParam().name);
}

// The seeds: a target that fails on its own corpus could not fuzz at all.
TEST_P(Regressions, SeedsPass) {
  EXPECT_GT(replay(GetParam(), fs::path(BULWARK_SOURCE_DIR) / "fuzz/corpus" / GetParam().name), 0u)
      << "no seeds for " << GetParam().name;
}

INSTANTIATE_TEST_SUITE_P(Fuzz, Regressions, ::testing::ValuesIn(kTargets),
                         [](const auto& test) { return std::string(test.param.name); });

}  // namespace
