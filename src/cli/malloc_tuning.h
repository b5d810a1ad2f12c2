#pragma once

namespace bulwark::cli {

/// Tunes glibc malloc for a one-shot `scan`: grow the heap in bigger steps and keep freed memory
/// instead of handing it back and faulting it in again. Bounded, so peak RSS stays what the scan needs.
void tune_malloc_for_one_shot_run();

}  // namespace bulwark::cli
