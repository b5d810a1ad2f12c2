#include "cli/serve_launcher.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "cli/exit_code.h"
#include "cli/serve_flags.h"

namespace bulwark::cli {
namespace {

// bulwark-serve is looked for beside the running executable, not on PATH: the two are built and
// installed together, and a different version found on PATH would serve other rules.
std::string serve_executable() {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "bulwark-serve";
  return (self.parent_path() / "bulwark-serve").string();
}

}  // namespace

void add_serve_launcher(CLI::App& app, int& exit_code, std::span<char* const> argv) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* cmd = add_serve_flags(app, *flags);
  cmd->callback([flags, &exit_code, argv] {
    std::string path = serve_executable();
    std::vector<char*> args(argv.begin(), argv.end());
    args[0] = path.data();
    args.push_back(nullptr);
    std::fflush(nullptr);
    ::execv(path.c_str(), args.data());
    std::fprintf(stderr,
                 "bulwark serve: cannot run %s (the webhook's executable, installed beside bulwark): %s\n",
                 path.c_str(), std::strerror(errno));
    exit_code = kUsageOrLoadError;
  });
}

}  // namespace bulwark::cli
