#include "report/report_sink.h"

namespace bulwark::report {

void FileSink::write(std::string_view text) {
  if (!ok_ || text.empty()) return;
  ok_ = std::fwrite(text.data(), 1, text.size(), file_) == text.size();
}

}  // namespace bulwark::report
