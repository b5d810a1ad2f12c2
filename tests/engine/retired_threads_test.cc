#include "engine/retired_threads.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

namespace bulwark::engine {
namespace {

TEST(RetiredThreads, JoinWaitsForEveryRetiredThreadToEnd) {
  std::atomic<int> ended{0};
  for (int i = 0; i < 3; ++i)
    retire_thread(std::jthread([&ended] {
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
      ended.fetch_add(1);
    }));
  join_retired_threads();
  EXPECT_EQ(ended.load(), 3);
  join_retired_threads();  // nothing left: returns at once
}

}  // namespace
}  // namespace bulwark::engine
