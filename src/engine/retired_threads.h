#pragma once

#include <thread>

namespace bulwark::engine {

/// Threads whose work is done but whose exit is still running: a worker that has scanned its last
/// file still runs its thread-local destructors and hands its heap back to the allocator, which
/// took up to a millisecond that a scan's caller waited for before it could report. A retired
/// thread is joined by join_retired_threads() (a command calls it once its output is written) or,
/// at the latest, when the process ends.
void retire_thread(std::jthread thread);
void join_retired_threads();

}  // namespace bulwark::engine
