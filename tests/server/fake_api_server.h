#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/tls_credentials.h"

namespace bulwark::server::testing {

/// Plays the Kubernetes API server's Namespace list and watch endpoints over HTTPS on 127.0.0.1,
/// the one piece of the cluster the tests stand in for. It keeps namespaces with a
/// resourceVersion counter: GET /api/v1/namespaces answers a NamespaceList at the current
/// version; ?watch=1&resourceVersion=R streams (chunked) every event after R, then waits for
/// more. compact() forgets history, as etcd compaction does: open watches get an ERROR event
/// with a 410 Status, and watches from older versions are answered the same way.
class FakeApiServer {
 public:
  explicit FakeApiServer(const TlsFiles& files);
  ~FakeApiServer();
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  uint16_t port() const { return port_; }

  /// Adds or changes a namespace (a watch event ADDED or MODIFIED); labels as a JSON object.
  void put_namespace(const std::string& name, const std::string& labels_json);
  void delete_namespace(const std::string& name);
  /// Makes every resourceVersion so far too old.
  void compact();
  /// Answers lists with this HTTP status (0: normally).
  void fail_lists_with(int status) { list_failure_ = status; }

  int lists() const { return lists_.load(); }
  int watches() const { return watches_.load(); }
  std::string last_authorization() const;

 private:
  struct Event {
    long version;
    std::string line;
  };
  void accept_loop();
  void serve(int fd);
  std::string namespace_json(const std::string& name, const std::string& labels, long version) const;

  std::string error_;
  uint16_t port_ = 0;
  int listen_fd_ = -1;
  std::shared_ptr<void> tls_;  // SSL_CTX
  std::atomic<bool> stopping_{false};
  std::atomic<int> lists_{0}, watches_{0}, list_failure_{0};
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  long version_ = 10;
  long compacted_ = 0;
  std::map<std::string, std::pair<std::string, long>> namespaces_;  // name → labels, version
  std::vector<Event> events_;
  std::string authorization_;
  std::vector<int> open_fds_;
  std::thread acceptor_;
  std::vector<std::thread> connections_;
};

}  // namespace bulwark::server::testing
