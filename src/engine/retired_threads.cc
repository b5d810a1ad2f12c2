#include "engine/retired_threads.h"

#include <mutex>
#include <vector>

namespace bulwark::engine {
namespace {

struct Retired {
  std::mutex mutex;
  std::vector<std::jthread> threads;  // joined by their destructors at exit if not before
};

Retired& retired() {
  static Retired r;
  return r;
}

}  // namespace

void retire_thread(std::jthread thread) {
  std::lock_guard lock(retired().mutex);
  retired().threads.push_back(std::move(thread));
}

void join_retired_threads() {
  std::vector<std::jthread> threads;
  {
    std::lock_guard lock(retired().mutex);
    threads.swap(retired().threads);
  }
  threads.clear();  // joins
}

}  // namespace bulwark::engine
