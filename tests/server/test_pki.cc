#include "test_pki.h"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <random>

namespace bulwark::server::testing {

ScratchDir::ScratchDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() /
          ("bulwark-server-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string run_command(const std::string& command, int* exit_status) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) {
    if (exit_status) *exit_status = -1;
    return out;
  }
  std::array<char, 65536> buffer;
  std::size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  if (exit_status) *exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

TestPki::TestPki(const ScratchDir& dir) : dir_(dir) {
  ca_cert_ = dir.file("ca.crt");
  ca_key_ = dir.file("ca.key");
  int status = 0;
  run_command("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout " + ca_key_ +
                  " -out " + ca_cert_ + " -days 2 -subj /CN=bulwark-test-ca 2>&1",
              &status);
  ok_ = status == 0;
}

bool TestPki::issue(const std::string& name, const std::string& common_name, bool server) {
  const std::string ext = dir_.file(name + ".ext");
  std::ofstream(ext) << (server ? "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"
                                : "extendedKeyUsage=clientAuth\n");
  int status = 0;
  run_command("openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout " + key(name) +
                  " -out " + dir_.file(name + ".csr") + " -subj /CN=" + common_name +
                  " 2>&1 && openssl x509 -req -in " + dir_.file(name + ".csr") + " -CA " + ca_cert_ +
                  " -CAkey " + ca_key_ + " -CAcreateserial -days 1 -extfile " + ext + " -out " + cert(name) +
                  " 2>&1",
              &status);
  return status == 0;
}

}  // namespace bulwark::server::testing
