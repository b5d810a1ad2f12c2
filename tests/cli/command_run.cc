#include "command_run.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>

namespace bulwark::testing {

CommandRun run_command(const std::string& command_line) {
  CommandRun r;
  FILE* pipe = popen(command_line.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf;
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) r.out.append(buf.data(), n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace bulwark::testing
