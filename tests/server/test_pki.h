#pragma once

#include <filesystem>
#include <string>

namespace bulwark::server::testing {

/// A scratch directory removed when the test ends.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

/// A CA and certificates signed by it, made with the openssl command line for the test.
/// Server certificates are valid for 127.0.0.1 only.
class TestPki {
 public:
  explicit TestPki(const ScratchDir& dir);
  bool ok() const { return ok_; }
  const std::string& ca() const { return ca_cert_; }
  /// Issues a certificate with `common_name`; `server` adds serverAuth + IP SAN 127.0.0.1,
  /// else clientAuth. Writes NAME.crt and NAME.key; returns false on failure.
  bool issue(const std::string& name, const std::string& common_name, bool server);
  std::string cert(const std::string& name) const { return dir_.file(name + ".crt"); }
  std::string key(const std::string& name) const { return dir_.file(name + ".key"); }

 private:
  const ScratchDir& dir_;
  std::string ca_cert_, ca_key_;
  bool ok_ = false;
};

/// Runs a shell command; returns its standard output and sets `exit_status`.
std::string run_command(const std::string& command, int* exit_status = nullptr);

}  // namespace bulwark::server::testing
